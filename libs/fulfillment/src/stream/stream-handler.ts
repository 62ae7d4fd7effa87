import { randomUUID } from 'node:crypto';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Logger } from '@tth/runtime';
import { fulfillOrder, type FulfillmentDeps, type FulfillmentOutcome } from '../fulfill-order';
import { isFulfillmentTrigger, orderIdOf } from './trigger-filter';

export interface StreamHandlerOptions {
  readonly logger: Logger;
  /** Orders fulfilled at the same time within one batch (records of one order always run in order). */
  readonly concurrency?: number;
}

/** The slice of the Lambda context the worker reads. */
export interface InvocationContext {
  readonly awsRequestId?: string;
}

export type FulfillmentStreamHandler = (
  event: DynamoDBStreamEvent,
  context?: InvocationContext,
) => Promise<DynamoDBBatchResponse>;

/**
 * The fulfillment worker: takes a batch of Orders stream records (already filtered to the
 * fulfillment triggers by the event source mapping, checked again here) and fulfils each order.
 *
 * It answers with a partial batch response. A record is reported as failed, so the stream
 * retries it and finally hands it to the on-failure destination (SQS DLQ in AWS, the local
 * dead-letter file), when its order:
 *  - failed transiently with attempts left (`retry-later`: the next delivery tries again), or
 *  - is FULFILLMENT_FAILED (this trigger ended without tickets: the dead letter records it), or
 *  - could not be processed at all (DynamoDB error, bug).
 * Everything else (fulfilled, already fulfilled, refunded, unknown order) is done.
 */
export function createFulfillmentStreamHandler(
  deps: FulfillmentDeps,
  options: StreamHandlerOptions,
): FulfillmentStreamHandler {
  const concurrency = Math.max(1, options.concurrency ?? 10);

  return async (event, context) => {
    const requestId = context?.awsRequestId ?? randomUUID();
    const logger = options.logger.child({ requestId });
    const records = event.Records ?? [];
    const failed = new Set<DynamoDBRecord>();
    const outcomes: Record<string, number> = {};

    // Records of the same order stay in stream order; different orders run side by side.
    const byOrder = new Map<string, DynamoDBRecord[]>();
    for (const record of records) {
      if (!isFulfillmentTrigger(record)) {
        logger.debug('Stream record is not a fulfillment trigger; skipped', {
          eventID: record.eventID,
          eventName: record.eventName,
        });
        continue;
      }
      const orderId = orderIdOf(record);
      if (!orderId) {
        logger.error('Fulfillment trigger without an orderId key; skipped', { eventID: record.eventID });
        continue;
      }
      byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), record]);
    }

    const processOrder = async (orderId: string, orderRecords: readonly DynamoDBRecord[]) => {
      for (const [index, record] of orderRecords.entries()) {
        const correlationId = record.eventID ?? `${orderId}:${record.dynamodb?.SequenceNumber ?? 'unknown'}`;
        let outcome: FulfillmentOutcome | undefined;
        try {
          outcome = await fulfillOrder(deps, orderId, { logger, correlationId });
        } catch (error) {
          logger.error('Fulfillment failed unexpectedly; the record will be retried', {
            orderId,
            correlationId,
            error: (error as Error).message,
            errorName: (error as Error).name,
          });
        }
        const kind = outcome?.kind ?? 'error';
        outcomes[kind] = (outcomes[kind] ?? 0) + 1;
        if (!outcome || outcome.kind === 'retry-later' || outcome.kind === 'failed') {
          // A later record of the same order must not overtake this one: fail it too.
          for (const rest of orderRecords.slice(index)) failed.add(rest);
          return;
        }
      }
    };

    const queue = [...byOrder.entries()];
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await processOrder(next[0], next[1]);
    });
    try {
      await Promise.all(workers);
    } finally {
      deps.metrics.flush();
    }

    const batchItemFailures = [...failed].map((record) => {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      // Without a sequence number the record cannot be named: failing the whole batch is the only safe answer.
      if (!sequenceNumber)
        throw new Error(`Stream record ${record.eventID ?? '(no id)'} failed and has no SequenceNumber`);
      return { itemIdentifier: sequenceNumber };
    });
    logger.info('Fulfillment batch processed', {
      records: records.length,
      orders: byOrder.size,
      outcomes,
      failedRecords: batchItemFailures.length,
    });
    return { batchItemFailures };
  };
}
