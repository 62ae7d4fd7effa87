/**
 * The local stand-in for the order events path in AWS (docs/decisions/026-order-events.md):
 * Orders stream → `order-events` mapping → EventBridge bus → a rule per consumer → its Lambda.
 * Here a second poller on DynamoDB Local's stream (own checkpoints and dead letters) runs the
 * same publisher with the local bus, which delivers to the very handlers of the functions whose
 * trigger is an `event` rule, with EventBridge's retries and a dead-letter list.
 *
 * Like the fulfillment poller, the consumers' handler modules read their configuration from
 * process.env when first imported: set it first.
 */
import { join } from 'node:path';
import { createOrderEventPublisher, ORDER_EVENT_STREAM_FILTERS } from '@tth/delivery';
import {
  createLocalOrderEventBus,
  type LocalBusDeadLetter,
  type LocalBusTarget,
  type LocalOrderEventBus,
} from '@tth/delivery/local';
import type { BackoffPolicy } from '@tth/fulfillment';
import { functionDefinition, functionNames, loadHandlerModule, type FunctionName } from '@tth/functions';
import type { TableNames } from '@tth/data';
import { createLogger, type Logger } from '@tth/runtime';
import { startStreamPoller, type LocalStreamPoller } from './stream-poller';

export const ORDER_EVENTS_DEAD_LETTER_FILE_NAME = 'order-events-dead-letters.jsonl';
export const ORDER_EVENTS_CHECKPOINT_FILE_NAME = 'order-events-stream-checkpoints.json';
export const ORDER_EVENT_DELIVERY_DEAD_LETTER_FILE_NAME = 'order-event-delivery-dead-letters.jsonl';

export interface LocalOrderEventsOptions {
  readonly dynamoEndpoint: string;
  readonly tableNames: Pick<TableNames, 'Orders'>;
  /** Default: every function with an `event` trigger, its Lambda handler. */
  readonly targets?: readonly LocalBusTarget[];
  /** Files for dead letters and checkpoints (they survive a restart); default in memory. */
  readonly dataDir?: string;
  /** Stream retries before a record is dead-lettered; default 5. */
  readonly maxRetries?: number;
  readonly retryBackoff?: BackoffPolicy;
  readonly pollIntervalMs?: number;
  /** Retries of a consumer's invocation (EventBridge → Lambda asynchronous invocation); default 2. */
  readonly deliveryRetries?: number;
  /** First back-off between a consumer's retries; default 1 s. */
  readonly deliveryRetryBaseDelayMs?: number;
  readonly logger?: Logger;
}

export interface LocalOrderEvents {
  stop(): Promise<void>;
  /** Resolves when the bus has no delivery in flight (tests). */
  idle(): Promise<void>;
  /** Consumer deliveries given up after their retries. */
  deliveryDeadLetters(): readonly LocalBusDeadLetter[];
  readonly poller: LocalStreamPoller;
  readonly bus: LocalOrderEventBus;
}

/** The functions a rule on the order events bus invokes, as local bus targets (handlers loaded on first delivery). */
export function eventFunctionTargets(names: readonly FunctionName[] = functionNames): LocalBusTarget[] {
  return names.flatMap((name) => {
    const { trigger } = functionDefinition(name);
    if (trigger.kind !== 'event') return [];
    return [
      {
        name,
        source: trigger.source,
        detailTypes: trigger.detailTypes,
        handler: async (event) => {
          const { handler } = (await loadHandlerModule(name)) as { handler: (event: unknown) => Promise<unknown> };
          return handler(event);
        },
      },
    ];
  });
}

export async function startLocalOrderEvents(options: LocalOrderEventsOptions): Promise<LocalOrderEvents> {
  const logger = options.logger ?? createLogger({ service: 'local-order-events' });
  const bus = createLocalOrderEventBus({
    targets: options.targets ?? eventFunctionTargets(),
    logger,
    ...(options.deliveryRetries !== undefined ? { maxRetries: options.deliveryRetries } : {}),
    ...(options.deliveryRetryBaseDelayMs !== undefined ? { retryBaseDelayMs: options.deliveryRetryBaseDelayMs } : {}),
    ...(options.dataDir ? { deadLetterFile: join(options.dataDir, ORDER_EVENT_DELIVERY_DEAD_LETTER_FILE_NAME) } : {}),
  });
  const publisher = createOrderEventPublisher({ bus, logger: logger.child({ function: 'order-events' }) });
  const poller = await startStreamPoller({
    dynamoEndpoint: options.dynamoEndpoint,
    tableNames: options.tableNames,
    handler: (event, context) => publisher(event, context),
    filters: ORDER_EVENT_STREAM_FILTERS,
    functionName: 'order-events',
    fileNames: { deadLetters: ORDER_EVENTS_DEAD_LETTER_FILE_NAME, checkpoints: ORDER_EVENTS_CHECKPOINT_FILE_NAME },
    logger,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.retryBackoff ? { retryBackoff: options.retryBackoff } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  return {
    stop: async () => {
      await poller.stop();
      await bus.idle();
    },
    idle: () => bus.idle(),
    deliveryDeadLetters: () => bus.deadLetters(),
    poller,
    bus,
  };
}
