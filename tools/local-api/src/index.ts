/**
 * The local stand-ins for what AWS provides around the Lambda functions: API Gateway (a Node
 * HTTP server routing and validating by openapi.yaml), the Orders stream's event source mapping
 * and the order events path (pollers on DynamoDB Local's Streams API, a local event bus) and the
 * operator's redrive CLI. Local only: no
 * Lambda bundle contains any of it.
 */
export { deadLetterReport, type DeadLetterSummary } from './dead-letter-report';
export { LOCAL_DEFAULTS, localEnvironment, storefrontOrigins } from './environment';
export {
  eventFunctionTargets,
  ORDER_EVENT_DELIVERY_DEAD_LETTER_FILE_NAME,
  ORDER_EVENTS_CHECKPOINT_FILE_NAME,
  ORDER_EVENTS_DEAD_LETTER_FILE_NAME,
  startLocalOrderEvents,
  type LocalOrderEvents,
  type LocalOrderEventsOptions,
} from './order-events-poller';
export {
  responseValidationDefault,
  startLocalApi,
  type ContractViolation,
  type LocalApi,
  type LocalApiOptions,
} from './server';
export {
  CHECKPOINT_FILE_NAME,
  DEAD_LETTER_FILE_NAME,
  startStreamPoller,
  type LocalStreamPoller,
  type LocalStreamPollerOptions,
} from './stream-poller';
