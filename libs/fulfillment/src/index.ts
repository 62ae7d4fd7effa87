/**
 * `@tth/fulfillment`: tickets from the provider for paid orders (worker with retries, redrive).
 * What other projects use, and nothing else; the local stream poller is `@tth/fulfillment/local`.
 */
export type { BackoffPolicy } from './backoff';
export type { FulfillmentDeps } from './fulfill-order';
export { powertoolsFulfillmentMetrics } from './metrics';
export {
  parseRedriveRequest,
  redriveFailedOrders,
  RedriveRequestError,
  type RedriveDeps,
  type RedriveRequest,
  type RedriveResult,
} from './redrive';
export { createFulfillmentStreamHandler } from './stream/stream-handler';
export {
  FULFILLMENT_TRIGGER_FILTERS,
  isFulfillmentTrigger,
  matchesAnyPattern,
  orderIdOf,
  type FilterPattern,
} from './stream/trigger-filter';
export {
  createFulfillmentDeps,
  createRedriveDeps,
  type FulfillmentConfig,
  type FulfillmentWiringOptions,
  type RedriveConfig,
} from './wiring';
