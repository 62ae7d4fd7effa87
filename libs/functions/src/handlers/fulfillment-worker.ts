/**
 * Lambda `fulfillment-worker`: the Orders stream, filtered to the fulfillment triggers (an order
 * became PAID, or an operator re-queued a FULFILLMENT_FAILED order), → the ticket provider.
 *
 * Contract with the event source mapping (tools/infra): a DynamoDBStreamEvent in (NEW_AND_OLD_IMAGES),
 * `{ batchItemFailures: [{ itemIdentifier: <SequenceNumber> }] }` out, so the mapping needs
 * `ReportBatchItemFailures`, bounded `retryAttempts` (≥ FULFILLMENT_MAX_ATTEMPTS - 1) and an
 * on-failure destination. The work is in @tth/fulfillment (docs/decisions/050–052).
 */
import {
  createFulfillmentDeps,
  createFulfillmentStreamHandler,
  loadFulfillmentConfig,
  powertoolsFulfillmentMetrics,
  type FulfillmentDeps,
} from '@tth/fulfillment';
import { createLogger, type Logger } from '@tth/runtime';

export function createFulfillmentWorkerHandler(deps: FulfillmentDeps, options: { logger?: Logger } = {}) {
  return createFulfillmentStreamHandler(deps, {
    logger: options.logger ?? createLogger({ service: 'fulfillment-worker' }),
  });
}

// Module scope: configuration is read once per container; a missing setting fails the cold start, naming it.
const config = loadFulfillmentConfig();

export const handler = createFulfillmentWorkerHandler(
  createFulfillmentDeps(config, { metrics: powertoolsFulfillmentMetrics('fulfillment-worker') }),
);
