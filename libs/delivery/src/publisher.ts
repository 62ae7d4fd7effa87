import { randomUUID } from 'node:crypto';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Logger } from '@tth/runtime';
import { orderEventOf, type OrderEventDetail } from './order-events';

/** Where order events go: EventBridge in AWS, the local bus on a developer's machine. */
export interface OrderEventBus {
  /**
   * Publishes these events (at most 10 per call, as PutEvents) and answers which of them were
   * not accepted (throttled, bus unavailable); throws when the call itself failed.
   */
  publish(events: readonly OrderEventDetail[]): Promise<{ readonly rejected: readonly OrderEventDetail[] }>;
}

export type OrderEventPublisherHandler = (
  event: DynamoDBStreamEvent,
  context?: { readonly awsRequestId?: string },
) => Promise<DynamoDBBatchResponse>;

const PUT_EVENTS_LIMIT = 10;

/**
 * The `order-events` function: a batch of Orders stream records (filtered to the statuses that
 * make events, ORDER_EVENT_STREAM_FILTERS) → one order event per transition on the bus.
 *
 * Each transition is one stream record, so each event is derived once; a record is published
 * again only when the stream redelivers it (a rejected entry, a crash), and consumers record
 * every (order, kind) they handled, so a repeat changes nothing. Rejected entries are reported
 * as partial batch failures: the stream retries from the first of them, then dead-letters.
 */
export function createOrderEventPublisher(deps: {
  readonly bus: OrderEventBus;
  readonly logger: Logger;
}): OrderEventPublisherHandler {
  return async (event, context) => {
    const logger = deps.logger.child({ requestId: context?.awsRequestId ?? randomUUID() });
    const derived: { readonly record: DynamoDBRecord; readonly detail: OrderEventDetail }[] = [];
    for (const record of event.Records ?? []) {
      const detail = orderEventOf(record);
      if (detail) derived.push({ record, detail });
    }

    const failed: DynamoDBRecord[] = [];
    for (let start = 0; start < derived.length; start += PUT_EVENTS_LIMIT) {
      const chunk = derived.slice(start, start + PUT_EVENTS_LIMIT);
      const { rejected } = await deps.bus.publish(chunk.map((entry) => entry.detail));
      const rejectedSet = new Set(rejected);
      for (const entry of chunk) {
        if (rejectedSet.has(entry.detail)) failed.push(entry.record);
        else logger.info('Order event published', { orderId: entry.detail.orderId, kind: entry.detail.kind });
      }
    }
    if (failed.length > 0)
      logger.warn('Order events not accepted by the bus; the stream retries them', { failed: failed.length });

    return {
      batchItemFailures: failed.map((record) => {
        const sequenceNumber = record.dynamodb?.SequenceNumber;
        if (!sequenceNumber)
          throw new Error(`Stream record ${record.eventID ?? '(no id)'} failed and has no SequenceNumber`);
        return { itemIdentifier: sequenceNumber };
      }),
    };
  };
}
