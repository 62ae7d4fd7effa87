/**
 * `@tth/delivery`: what happens after an order changes: order events derived from the Orders
 * stream and published on a bus, and consumers that act once per (order, event kind). The local
 * bus is `@tth/delivery/local`. Design: docs/decisions/026-order-events.md.
 */
export {
  createOrderEventConsumer,
  OrderEventInProgressError,
  type ConsumerOutcome,
  type OrderEventConsumer,
  type OrderEventConsumerDeps,
  type OrderEventConsumerResult,
} from './consumer';
export { eventBridgeOrderEventBus } from './eventbridge-bus';
export {
  deliveryKey,
  ORDER_EVENT_KINDS,
  ORDER_EVENT_SOURCE,
  ORDER_EVENT_STREAM_FILTERS,
  orderEventKinds,
  orderEventOf,
  type OrderBusEvent,
  type OrderEventDetail,
  type OrderEventKind,
} from './order-events';
export { createOrderEventPublisher, type OrderEventBus, type OrderEventPublisherHandler } from './publisher';
