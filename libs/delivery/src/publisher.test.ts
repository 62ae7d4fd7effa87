import { describe, expect, it } from 'vitest';
import { silentLogger } from '@tth/runtime';
import type { OrderEventDetail } from './order-events';
import { createOrderEventPublisher, type OrderEventBus } from './publisher';
import { orderStreamRecord } from './testing/stream-records';

function recordingBus(reject: (detail: OrderEventDetail) => boolean = () => false) {
  const published: OrderEventDetail[][] = [];
  const bus: OrderEventBus = {
    publish: async (events) => {
      published.push([...events]);
      return { rejected: events.filter(reject) };
    },
  };
  return { bus, published };
}

describe('the order event publisher', () => {
  it('publishes one event per transition and skips records that are none', async () => {
    // Arrange
    const { bus, published } = recordingBus();
    const publish = createOrderEventPublisher({ bus, logger: silentLogger });
    const records = [
      orderStreamRecord('ord-1', 'PAID', 'PENDING_PAYMENT'),
      orderStreamRecord('ord-1', 'FULFILLING', 'PAID'),
      orderStreamRecord('ord-1', 'FULFILLED', 'FULFILLING'),
      orderStreamRecord('ord-2', 'EXPIRED', 'PENDING_PAYMENT'),
    ];

    // Act
    const response = await publish({ Records: records });

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(published.flat().map((event) => [event.orderId, event.kind])).toEqual([
      ['ord-1', 'OrderPaid'],
      ['ord-1', 'TicketsIssued'],
      ['ord-2', 'OrderExpired'],
    ]);
  });

  it('sends at most ten entries per call, as PutEvents allows', async () => {
    // Arrange
    const { bus, published } = recordingBus();
    const publish = createOrderEventPublisher({ bus, logger: silentLogger });
    const records = Array.from({ length: 23 }, (_, index) =>
      orderStreamRecord(`ord-${index}`, 'PAID', 'PENDING_PAYMENT'),
    );

    // Act
    await publish({ Records: records });

    // Assert
    expect(published.map((call) => call.length)).toEqual([10, 10, 3]);
  });

  it('reports the records whose events the bus rejected, so the stream retries them', async () => {
    // Arrange
    const { bus } = recordingBus((detail) => detail.orderId === 'ord-b');
    const publish = createOrderEventPublisher({ bus, logger: silentLogger });
    const rejected = orderStreamRecord('ord-b', 'REFUNDED', 'PAID');
    const records = [orderStreamRecord('ord-a', 'PAID', 'PENDING_PAYMENT'), rejected];

    // Act
    const response = await publish({ Records: records });

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: rejected.dynamodb?.SequenceNumber }]);
  });

  it('fails the whole batch when the bus cannot be reached', async () => {
    // Arrange
    const publish = createOrderEventPublisher({
      bus: { publish: () => Promise.reject(new Error('bus unavailable')) },
      logger: silentLogger,
    });

    // Act
    const run = publish({ Records: [orderStreamRecord('ord-c', 'PAID', 'PENDING_PAYMENT')] });

    // Assert
    await expect(run).rejects.toThrow('bus unavailable');
  });
});
