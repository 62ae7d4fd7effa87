import { describe, expect, it } from 'vitest';
import { PutEventsCommand, type EventBridgeClient, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import { eventBridgeOrderEventBus } from './eventbridge-bus';
import { ORDER_EVENT_SOURCE, type OrderEventDetail } from './order-events';

const detail = (orderId: string): OrderEventDetail => ({
  kind: 'OrderPaid',
  orderId,
  eventId: 'aurora-nights',
  status: 'PAID',
  previousStatus: 'PENDING_PAYMENT',
  occurredAt: '2030-01-01T12:00:00.000Z',
  streamEventId: `stream-${orderId}`,
});

function stubClient(answer: Partial<PutEventsCommandOutput>) {
  const sent: PutEventsCommand[] = [];
  const client = {
    send: async (command: PutEventsCommand) => {
      sent.push(command);
      return answer;
    },
  } as unknown as EventBridgeClient;
  return { client, sent };
}

describe('the EventBridge order event bus', () => {
  it('puts one entry per event on the named bus, the kind as detail type', async () => {
    // Arrange
    const { client, sent } = stubClient({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
    const bus = eventBridgeOrderEventBus(client, 'tth-dev-orders');

    // Act
    await bus.publish([detail('ord-1')]);

    // Assert
    expect(sent[0]?.input.Entries).toEqual([
      expect.objectContaining({
        EventBusName: 'tth-dev-orders',
        Source: ORDER_EVENT_SOURCE,
        DetailType: 'OrderPaid',
        Detail: JSON.stringify(detail('ord-1')),
      }),
    ]);
  });

  it('answers which entries EventBridge did not put', async () => {
    // Arrange
    const { client } = stubClient({
      FailedEntryCount: 1,
      Entries: [{ EventId: '1' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }],
    });
    const bus = eventBridgeOrderEventBus(client, 'tth-dev-orders');

    // Act
    const { rejected } = await bus.publish([detail('ord-1'), detail('ord-2')]);

    // Assert
    expect(rejected.map((event) => event.orderId)).toEqual(['ord-2']);
  });
});
