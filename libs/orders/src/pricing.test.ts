import { describe, expect, it } from 'vitest';
import { ConflictError, HttpError, ValidationError } from '@tth/runtime';
import type { EventWithTicketTypes } from './catalog';
import { assertSaleOpen, assertSeatsVisible, priceOrder } from './pricing';

const catalog: EventWithTicketTypes = {
  event: {
    eventId: 'rock-night',
    name: 'Rock Night',
    startsAt: '2030-06-01T19:00:00.000Z',
    onSaleAt: '2030-01-01T10:00:00.000Z',
    currency: 'EUR',
  },
  ticketTypes: [
    {
      eventId: 'rock-night',
      ticketTypeId: 'standing',
      name: 'Standing',
      price: 4500,
      currency: 'EUR',
      capacity: 100,
      available: 3,
      maxPerOrder: 6,
    },
    {
      eventId: 'rock-night',
      ticketTypeId: 'vip',
      name: 'VIP',
      price: 12000,
      currency: 'EUR',
      capacity: 10,
      available: 10,
      maxPerOrder: 2,
    },
  ],
};

function thrown(action: () => unknown): HttpError {
  try {
    action();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected an HttpError');
}

describe('priceOrder', () => {
  it('prices every line from the catalog and adds them up', () => {
    const priced = priceOrder(catalog, [
      { ticketTypeId: 'standing', quantity: 3 },
      { ticketTypeId: 'vip', quantity: 2 },
    ]);

    expect(priced.lines).toEqual([
      { ticketTypeId: 'standing', name: 'Standing', quantity: 3, unitPrice: 4500, lineTotal: 13500 },
      { ticketTypeId: 'vip', name: 'VIP', quantity: 2, unitPrice: 12000, lineTotal: 24000 },
    ]);
    expect(priced.totals).toEqual({ subtotal: 37500, fees: 0, total: 37500, currency: 'EUR' });
  });

  it('names the field of a ticket type that is not part of the event', () => {
    const error = thrown(() =>
      priceOrder(catalog, [
        { ticketTypeId: 'vip', quantity: 1 },
        { ticketTypeId: 'balcony', quantity: 1 },
      ]),
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details).toEqual([
      { field: '/body/items/1/ticketTypeId', message: 'is not a ticket type of this event', ticketTypeId: 'balcony' },
    ]);
  });

  it('refuses a quantity above the ticket type’s maxPerOrder', () => {
    const error = thrown(() => priceOrder(catalog, [{ ticketTypeId: 'vip', quantity: 3 }]));

    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.[0]).toMatchObject({ field: '/body/items/0/quantity', ticketTypeId: 'vip' });
  });

  it('refuses a ticket type listed twice instead of merging it', () => {
    const error = thrown(() =>
      priceOrder(catalog, [
        { ticketTypeId: 'vip', quantity: 1 },
        { ticketTypeId: 'vip', quantity: 1 },
      ]),
    );

    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.[0]).toMatchObject({
      field: '/body/items/1/ticketTypeId',
      message: expect.stringContaining('items/0'),
    });
  });

  it('reports every problem at once', () => {
    const error = thrown(() =>
      priceOrder(catalog, [
        { ticketTypeId: 'nope', quantity: 1 },
        { ticketTypeId: 'vip', quantity: 9 },
      ]),
    );

    expect(error.details?.map((detail) => detail.field)).toEqual([
      '/body/items/0/ticketTypeId',
      '/body/items/1/quantity',
    ]);
  });
});

describe('assertSaleOpen', () => {
  it('passes while the sale is open', () => {
    expect(() => assertSaleOpen(catalog, new Date('2030-03-01T00:00:00Z'))).not.toThrow();
  });

  it('answers 409 SALE_NOT_OPEN before onSaleAt', () => {
    const error = thrown(() => assertSaleOpen(catalog, new Date('2029-12-31T23:59:59Z')));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('SALE_NOT_OPEN');
    expect(error.message).toContain('2030-01-01T10:00:00.000Z');
  });

  it('answers 409 SALE_NOT_OPEN once the event has started', () => {
    const error = thrown(() => assertSaleOpen(catalog, new Date('2030-06-01T19:00:00Z')));

    expect(error.code).toBe('SALE_NOT_OPEN');
    expect(error.message).toContain('closed');
  });
});

describe('assertSeatsVisible', () => {
  it('answers SOLD_OUT naming each ticket type without enough seats', () => {
    const priced = priceOrder(catalog, [
      { ticketTypeId: 'standing', quantity: 4 },
      { ticketTypeId: 'vip', quantity: 2 },
    ]);

    const error = thrown(() => assertSeatsVisible(catalog, priced.lines));

    expect(error.status).toBe(409);
    expect(error.code).toBe('SOLD_OUT');
    expect(error.details).toEqual([{ ticketTypeId: 'standing', message: 'not enough seats left' }]);
  });

  it('passes when every line fits', () => {
    const priced = priceOrder(catalog, [{ ticketTypeId: 'standing', quantity: 3 }]);

    expect(() => assertSeatsVisible(catalog, priced.lines)).not.toThrow();
  });
});
