/**
 * Lambda `order-events`: the Orders stream, filtered to orders entering a status a buyer or an
 * operator cares about (ORDER_EVENT_STREAM_FILTERS), → one order event per transition on the
 * EventBridge bus (docs/decisions/026-order-events.md). Partial batch response: entries the bus
 * rejected are retried by the stream, then dead-lettered by the mapping.
 *
 * Locally the stream poller drives the same publisher (`createOrderEventPublisher`) with the local
 * bus, which calls the consumers' handlers (tools/local-api).
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createOrderEventPublisher, eventBridgeOrderEventBus } from '@tth/delivery';
import { createLogger } from '@tth/runtime';
import { loadFunctionConfig } from '../config';

// Module scope: configuration is read once per container; a missing setting fails the cold start, naming it.
const config = loadFunctionConfig('order-events');

export const handler = createOrderEventPublisher({
  bus: eventBridgeOrderEventBus(new EventBridgeClient({ region: config.awsRegion }), config.orderEventBusName),
  logger: createLogger({ service: 'order-events' }),
});
