import type { DynamoDBRecord } from 'aws-lambda';

let sequence = 0;

/** An Orders stream record as Lambda delivers it (NEW_AND_OLD_IMAGES), for the statuses given. */
export function orderStreamRecord(
  orderId: string,
  newStatus: string | undefined,
  oldStatus?: string,
  options: { readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE'; readonly updatedAt?: string } = {},
): DynamoDBRecord {
  sequence += 1;
  const image = (status: string) => ({
    orderId: { S: orderId },
    status: { S: status },
    eventId: { S: 'aurora-nights' },
    updatedAt: { S: options.updatedAt ?? '2030-01-01T12:00:00.000Z' },
  });
  return {
    eventID: `evt-${sequence}`,
    eventName: options.eventName ?? (oldStatus === undefined ? 'INSERT' : 'MODIFY'),
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { orderId: { S: orderId } },
      ...(newStatus !== undefined ? { NewImage: image(newStatus) } : {}),
      ...(oldStatus !== undefined ? { OldImage: image(oldStatus) } : {}),
      SequenceNumber: String(1000 + sequence),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}
