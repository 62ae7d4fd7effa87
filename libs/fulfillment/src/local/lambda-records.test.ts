import { describe, expect, it } from 'vitest';
import { toLambdaRecord } from './lambda-records';

describe('toLambdaRecord', () => {
  it('turns a Streams API record into the record Lambda delivers', () => {
    // Arrange
    const sdkRecord = {
      eventID: 'evt-1',
      eventName: 'MODIFY' as const,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-2',
      dynamodb: {
        ApproximateCreationDateTime: new Date('2026-05-01T10:00:00.900Z'),
        Keys: { orderId: { S: 'ord_1' } },
        NewImage: {
          orderId: { S: 'ord_1' },
          status: { S: 'PAID' },
          seatsHeld: { BOOL: true },
          total: { N: '1000' },
          note: { NULL: true },
          blob: { B: new Uint8Array([1, 2, 3]) },
          blobs: { BS: [new Uint8Array([255])] },
          tags: { SS: ['a', 'b'] },
          counts: { NS: ['1', '2'] },
          lines: { L: [{ M: { ticketTypeId: { S: 'general' }, quantity: { N: '2' } } }] },
        },
        OldImage: { orderId: { S: 'ord_1' }, status: { S: 'PENDING_PAYMENT' } },
        SequenceNumber: '000000000000000000042',
        SizeBytes: 120,
        StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
      },
    };

    // Act
    const record = toLambdaRecord(sdkRecord, 'arn:aws:dynamodb:us-east-2:1:table/orders/stream/x');

    // Assert
    expect(record).toEqual({
      eventID: 'evt-1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-2',
      eventSourceARN: 'arn:aws:dynamodb:us-east-2:1:table/orders/stream/x',
      dynamodb: {
        ApproximateCreationDateTime: Date.parse('2026-05-01T10:00:00Z') / 1000,
        Keys: { orderId: { S: 'ord_1' } },
        NewImage: {
          orderId: { S: 'ord_1' },
          status: { S: 'PAID' },
          seatsHeld: { BOOL: true },
          total: { N: '1000' },
          note: { NULL: true },
          blob: { B: 'AQID' },
          blobs: { BS: ['/w=='] },
          tags: { SS: ['a', 'b'] },
          counts: { NS: ['1', '2'] },
          lines: { L: [{ M: { ticketTypeId: { S: 'general' }, quantity: { N: '2' } } }] },
        },
        OldImage: { orderId: { S: 'ord_1' }, status: { S: 'PENDING_PAYMENT' } },
        SequenceNumber: '000000000000000000042',
        SizeBytes: 120,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
  });
});
