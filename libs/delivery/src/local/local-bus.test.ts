import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORDER_EVENT_SOURCE, type OrderEventDetail } from '../order-events';
import { createLocalOrderEventBus, type LocalBusEvent } from './local-bus';

const detail = (kind: OrderEventDetail['kind'], orderId = 'ord-1'): OrderEventDetail => ({
  kind,
  orderId,
  eventId: 'aurora-nights',
  status: 'PAID',
  occurredAt: '2030-01-01T12:00:00.000Z',
  streamEventId: 'stream-1',
});

describe('the local order event bus', () => {
  it('delivers each event to the targets whose rule selects its kind, shaped as EventBridge does', async () => {
    // Arrange
    const received: LocalBusEvent[] = [];
    const bus = createLocalOrderEventBus({
      targets: [
        {
          name: 'mailer',
          source: ORDER_EVENT_SOURCE,
          detailTypes: ['OrderPaid'],
          handler: async (event) => void received.push(event),
        },
      ],
    });

    // Act
    const answer = await bus.publish([detail('OrderPaid'), detail('OrderExpired')]);
    await bus.idle();

    // Assert
    expect(answer).toEqual({ rejected: [] });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      source: ORDER_EVENT_SOURCE,
      'detail-type': 'OrderPaid',
      detail: detail('OrderPaid'),
    });
  });

  it('retries a failing target, then dead-letters the delivery (and appends it to the file)', async () => {
    // Arrange
    const dir = await mkdtemp(join(tmpdir(), 'local-bus-'));
    const deadLetterFile = join(dir, 'order-event-dead-letters.jsonl');
    let calls = 0;
    const bus = createLocalOrderEventBus({
      maxRetries: 2,
      retryBaseDelayMs: 1,
      deadLetterFile,
      targets: [
        {
          name: 'mailer',
          source: ORDER_EVENT_SOURCE,
          detailTypes: ['TicketsIssued'],
          handler: async () => {
            calls += 1;
            throw new Error('SES unavailable');
          },
        },
      ],
    });

    try {
      // Act
      await bus.publish([detail('TicketsIssued', 'ord-9')]);
      await bus.idle();

      // Assert
      expect(calls).toBe(3);
      expect(bus.deadLetters()).toEqual([
        expect.objectContaining({ target: 'mailer', orderId: 'ord-9', kind: 'TicketsIssued', attempts: 3 }),
      ]);
      const lines = (await readFile(deadLetterFile, 'utf8')).trim().split('\n');
      expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ lastError: 'SES unavailable', orderId: 'ord-9' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('succeeds on a retry without a dead letter', async () => {
    // Arrange
    let calls = 0;
    const bus = createLocalOrderEventBus({
      retryBaseDelayMs: 1,
      targets: [
        {
          name: 'mailer',
          source: ORDER_EVENT_SOURCE,
          detailTypes: ['OrderRefunded'],
          handler: async () => {
            calls += 1;
            if (calls === 1) throw new Error('throttled');
          },
        },
      ],
    });

    // Act
    await bus.publish([detail('OrderRefunded')]);
    await bus.idle();

    // Assert
    expect(calls).toBe(2);
    expect(bus.deadLetters()).toEqual([]);
  });
});
