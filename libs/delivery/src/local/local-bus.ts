import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger, type Logger } from '@tth/runtime';
import { ORDER_EVENT_SOURCE, type OrderEventDetail } from '../order-events';
import type { OrderEventBus } from '../publisher';

/** An event as EventBridge hands it to a Lambda target. */
export interface LocalBusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: OrderEventDetail;
}

/** A rule and its target: the consumer's Lambda handler, called for the detail types it selects. */
export interface LocalBusTarget {
  readonly name: string;
  readonly source: string;
  readonly detailTypes: readonly string[];
  readonly handler: (event: LocalBusEvent) => Promise<unknown>;
}

/** A delivery the bus gave up on after its retries: the local counterpart of the consumer's SQS DLQ. */
export interface LocalBusDeadLetter {
  readonly deadLetteredAt: string;
  readonly target: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly orderId: string;
  readonly kind: string;
}

export interface LocalOrderEventBusOptions {
  readonly targets: readonly LocalBusTarget[];
  /** Retries after the first failed invocation; default 2, as Lambda's asynchronous invocation. */
  readonly maxRetries?: number;
  /** Upper bound of the first back-off; doubles per retry (full jitter); default 1 s. */
  readonly retryBaseDelayMs?: number;
  /** Appends dead letters (JSON lines) to this file as well; default: in memory only. */
  readonly deadLetterFile?: string;
  readonly logger?: Logger;
}

export interface LocalOrderEventBus extends OrderEventBus {
  /** Resolves once every delivery started so far has succeeded or been dead-lettered. */
  idle(): Promise<void>;
  deadLetters(): readonly LocalBusDeadLetter[];
}

/**
 * The order events bus on a developer's machine: PutEvents answers at once, and each event is
 * delivered asynchronously to every target whose rule selects it, with the retries and the
 * dead-letter destination of an EventBridge rule → Lambda target in AWS (tools/infra).
 */
export function createLocalOrderEventBus(options: LocalOrderEventBusOptions): LocalOrderEventBus {
  const logger = options.logger ?? silentLogger;
  const maxRetries = Math.max(0, options.maxRetries ?? 2);
  const baseDelayMs = Math.max(0, options.retryBaseDelayMs ?? 1000);
  const inFlight = new Set<Promise<void>>();
  const letters: LocalBusDeadLetter[] = [];

  const deliver = async (target: LocalBusTarget, event: LocalBusEvent): Promise<void> => {
    let lastError = '';
    for (let attempt = 1; attempt <= maxRetries + 1; attempt += 1) {
      try {
        await target.handler(event);
        return;
      } catch (error) {
        lastError = (error as Error).message;
        if (attempt <= maxRetries) await sleep(Math.floor(Math.random() * baseDelayMs * 2 ** (attempt - 1)));
      }
    }
    const letter: LocalBusDeadLetter = {
      deadLetteredAt: new Date().toISOString(),
      target: target.name,
      attempts: maxRetries + 1,
      lastError,
      orderId: event.detail.orderId,
      kind: event.detail.kind,
    };
    letters.push(letter);
    logger.error('Order event dead-lettered after its retries', { ...letter, alert: 'OrderEventDeadLetter' });
    if (options.deadLetterFile) {
      await mkdir(dirname(options.deadLetterFile), { recursive: true });
      await appendFile(options.deadLetterFile, `${JSON.stringify(letter)}\n`);
    }
  };

  return {
    async publish(events) {
      for (const detail of events) {
        const event: LocalBusEvent = {
          version: '0',
          id: randomUUID(),
          'detail-type': detail.kind,
          source: ORDER_EVENT_SOURCE,
          account: '000000000000',
          time: detail.occurredAt,
          region: process.env['AWS_REGION'] ?? 'us-east-2',
          resources: [],
          detail,
        };
        for (const target of options.targets) {
          if (target.source !== event.source || !target.detailTypes.includes(detail.kind)) continue;
          const delivery = deliver(target, event).catch((error: unknown) =>
            logger.error('Local bus delivery failed', { target: target.name, error: (error as Error).message }),
          );
          inFlight.add(delivery);
          void delivery.finally(() => inFlight.delete(delivery));
        }
      }
      return { rejected: [] };
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    deadLetters: () => [...letters],
  };
}
