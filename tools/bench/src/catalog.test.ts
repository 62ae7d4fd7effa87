import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '@tth/data';
import { auditSeats, type BenchEvent } from './catalog';

const event: BenchEvent = { eventId: 'bench-load', ticketTypeId: 'general', capacity: 100, price: 4500 };

function order(orderId: string, quantity: number, overrides: Partial<OrderRecord> = {}): OrderRecord {
  const now = '2030-01-01T00:00:00.000Z';
  return {
    orderId,
    status: 'PENDING_PAYMENT',
    statusDueAt: now,
    eventId: event.eventId,
    eventName: 'Bench',
    customerId: `cust_${orderId}`,
    lines: [
      {
        ticketTypeId: event.ticketTypeId,
        name: 'General admission',
        quantity,
        unitPrice: 4500,
        lineTotal: 4500 * quantity,
      },
    ],
    totals: { subtotal: 4500 * quantity, fees: 0, total: 4500 * quantity, currency: 'EUR' },
    holdExpiresAt: now,
    seatsHeld: true,
    tokenHash: 'hash',
    checkoutSessionId: `cs_${orderId}`,
    checkoutUrl: `http://127.0.0.1/checkout/cs_${orderId}`,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

describe('auditSeats', () => {
  it('passes when the counter, the orders holding seats and the confirmed orders agree', () => {
    const orders = [order('a', 2), order('b', 3), order('c', 1, { seatsHeld: false, status: 'CANCELLED' })];

    const audit = auditSeats(
      event,
      95,
      orders,
      new Map([
        ['a', 2],
        ['b', 3],
      ]),
    );

    expect(audit).toEqual({
      capacity: 100,
      available: 95,
      seatsTaken: 5,
      seatsInOrders: 5,
      ordersHoldingSeats: 2,
      ordersReleased: 1,
      confirmedButWrong: 0,
      holdingButUnconfirmed: 0,
      confirmedWithoutCheckout: 0,
      ok: true,
    });
  });

  it('fails when the counter lost more seats than the orders hold (an oversell or a leak)', () => {
    const audit = auditSeats(event, 90, [order('a', 2)], new Map([['a', 2]]));

    expect(audit.seatsTaken).toBe(10);
    expect(audit.ok).toBe(false);
  });

  it('fails when the counter went negative', () => {
    const orders = Array.from({ length: 101 }, (_, index) => order(`o${index}`, 1));

    const audit = auditSeats(event, -1, orders, new Map(orders.map((entry) => [entry.orderId, 1])));

    expect(audit.seatsTaken).toBe(audit.seatsInOrders);
    expect(audit.ok).toBe(false);
  });

  it('fails for a confirmed order that is missing or holds another quantity, and for an unconfirmed hold', () => {
    const missing = auditSeats(
      event,
      98,
      [order('a', 2)],
      new Map([
        ['a', 2],
        ['ghost', 1],
      ]),
    );
    const wrongQuantity = auditSeats(event, 98, [order('a', 2)], new Map([['a', 1]]));
    const unconfirmed = auditSeats(event, 98, [order('a', 2)], new Map());

    expect([missing.confirmedButWrong, missing.ok]).toEqual([1, false]);
    expect([wrongQuantity.confirmedButWrong, wrongQuantity.ok]).toEqual([1, false]);
    expect([unconfirmed.holdingButUnconfirmed, unconfirmed.ok]).toEqual([1, false]);
  });

  it('fails for a confirmed order without a Checkout Session', () => {
    const { checkoutSessionId: _session, ...withoutSession } = order('a', 2);

    const audit = auditSeats(event, 98, [withoutSession], new Map([['a', 2]]));

    expect([audit.confirmedWithoutCheckout, audit.ok]).toEqual([1, false]);
  });
});
