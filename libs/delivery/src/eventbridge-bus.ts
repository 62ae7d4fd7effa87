import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ORDER_EVENT_SOURCE, type OrderEventDetail } from './order-events';
import type { OrderEventBus } from './publisher';

/** The order events bus in AWS: PutEvents on the named bus, one entry per event. */
export function eventBridgeOrderEventBus(client: EventBridgeClient, eventBusName: string): OrderEventBus {
  return {
    async publish(events) {
      if (events.length === 0) return { rejected: [] };
      const result = await client.send(
        new PutEventsCommand({
          Entries: events.map((detail) => ({
            EventBusName: eventBusName,
            Source: ORDER_EVENT_SOURCE,
            DetailType: detail.kind,
            Detail: JSON.stringify(detail),
            Time: new Date(detail.occurredAt),
            Resources: [],
          })),
        }),
      );
      // Entries answer in request order; an entry with an ErrorCode was not put.
      const rejected: OrderEventDetail[] = [];
      (result.Entries ?? []).forEach((entry, index) => {
        const detail = events[index];
        if (entry.ErrorCode && detail) rejected.push(detail);
      });
      if ((result.FailedEntryCount ?? 0) > 0 && rejected.length === 0) return { rejected: [...events] };
      return { rejected };
    },
  };
}
