import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogKeys } from '../catalog/items';
import { createIsolatedTables, seedCatalog, type IsolatedTables } from '../testing';
import { CustomersRepository } from './customers';
import { OrdersRepository, type OrderRecord } from './orders';
import { PaymentsRepository, paymentRecordId, type PaymentRecord } from './payments';

let db: IsolatedTables;
let orders: OrdersRepository;
let counter = 0;

const NOW = '2030-01-01T12:00:00.000Z';

beforeAll(async () => {
  db = await createIsolatedTables('orders-repo');
  orders = new OrdersRepository(db.clients.doc, {
    orders: db.tableNames.Orders,
    catalog: db.tableNames.Catalog,
    customers: db.tableNames.Customers,
    payments: db.tableNames.Payments,
  });
});
afterAll(() => db.cleanup());

/** A fresh event per test, so tests never share counters. */
async function freshEvent(seats: Record<string, number>): Promise<string> {
  const eventId = `event-${++counter}`;
  await seedCatalog(db.clients.doc, db.tableNames, [
    {
      eventId,
      ticketTypes: Object.entries(seats).map(([ticketTypeId, capacity]) => ({ ticketTypeId, capacity, price: 1000 })),
    },
  ]);
  return eventId;
}

async function available(eventId: string, ticketTypeId: string): Promise<number> {
  const { Item } = await db.clients.doc.send(
    new GetCommand({
      TableName: db.tableNames.Catalog,
      Key: catalogKeys.ticketType(eventId, ticketTypeId),
      ConsistentRead: true,
    }),
  );
  return Item?.['available'] as number;
}

function order(eventId: string, lines: Record<string, number>, overrides: Partial<OrderRecord> = {}): OrderRecord {
  const orderLines = Object.entries(lines).map(([ticketTypeId, quantity]) => ({
    ticketTypeId,
    name: ticketTypeId,
    quantity,
    unitPrice: 1000,
    lineTotal: 1000 * quantity,
  }));
  const total = orderLines.reduce((sum, line) => sum + line.lineTotal, 0);
  return {
    orderId: `ord_TEST${String(++counter).padStart(22, '0')}`,
    status: 'PENDING_PAYMENT',
    statusDueAt: '2030-01-01T12:30:00.000Z',
    eventId,
    eventName: 'Test',
    customerId: `cust_${counter}`,
    lines: orderLines,
    totals: { subtotal: total, fees: 0, total, currency: 'EUR' },
    holdExpiresAt: '2030-01-01T12:30:00.000Z',
    seatsHeld: true,
    tokenHash: 'hash',
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const customerOf = (record: OrderRecord) => ({
  customerId: record.customerId,
  email: `${record.customerId}@example.com`,
  name: 'Buyer',
  now: NOW,
});

describe('createWithHold', () => {
  it('writes the order and the customer and takes the seats, all together', async () => {
    const eventId = await freshEvent({ standing: 10, vip: 4 });
    const record = order(eventId, { standing: 3, vip: 2 });

    const result = await orders.createWithHold(record, customerOf(record));

    expect(result).toEqual({ kind: 'created' });
    expect(await orders.get(record.orderId)).toEqual(record);
    expect(await new CustomersRepository(db.clients.doc, db.tableNames.Customers).get(record.customerId)).toMatchObject(
      { email: `${record.customerId}@example.com` },
    );
    expect(await available(eventId, 'standing')).toBe(7);
    expect(await available(eventId, 'vip')).toBe(2);
  });

  it('writes nothing and names the short ticket type when one line does not fit', async () => {
    const eventId = await freshEvent({ standing: 10, vip: 1 });
    const record = order(eventId, { standing: 3, vip: 2 });

    const result = await orders.createWithHold(record, customerOf(record));

    expect(result).toEqual({ kind: 'sold-out', ticketTypeIds: ['vip'] });
    expect(await orders.get(record.orderId)).toBeUndefined();
    expect(
      await new CustomersRepository(db.clients.doc, db.tableNames.Customers).get(record.customerId),
    ).toBeUndefined();
    expect(await available(eventId, 'standing')).toBe(10);
    expect(await available(eventId, 'vip')).toBe(1);
  });

  it('reports an existing order id without taking seats again', async () => {
    const eventId = await freshEvent({ standing: 10 });
    const record = order(eventId, { standing: 2 });
    await orders.createWithHold(record, customerOf(record));

    const again = await orders.createWithHold(record, customerOf(record));

    expect(again).toEqual({ kind: 'order-exists' });
    expect(await available(eventId, 'standing')).toBe(8);
  });

  it('never oversells: 60 concurrent two-seat orders on 40 seats → exactly 20 succeed', async () => {
    const eventId = await freshEvent({ standing: 40 });
    const records = Array.from({ length: 60 }, () => order(eventId, { standing: 2 }));

    const results = await Promise.all(records.map((record) => orders.createWithHold(record, customerOf(record))));

    expect(results.filter((result) => result.kind === 'created')).toHaveLength(20);
    expect(results.filter((result) => result.kind === 'sold-out')).toHaveLength(40);
    expect(await available(eventId, 'standing')).toBe(0);
  });
});

describe('transition', () => {
  it('releases the seats exactly once however many writers race to expire the hold', async () => {
    const eventId = await freshEvent({ standing: 10 });
    const record = order(eventId, { standing: 4 });
    await orders.createWithHold(record, customerOf(record));

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        orders.transition({
          order: record,
          from: 'PENDING_PAYMENT',
          to: i % 2 ? 'EXPIRED' : 'CANCELLED',
          seats: 'release',
          now: NOW,
          reason: 'test',
        }),
      ),
    );

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === 'status-changed')).toHaveLength(7);
    expect(await available(eventId, 'standing')).toBe(10);
    const stored = await orders.get(record.orderId);
    expect(stored).toMatchObject({ seatsHeld: false, statusReason: 'test', statusDueAt: NOW });
    expect(['EXPIRED', 'CANCELLED']).toContain(stored?.status);
  });

  it('writes the payment record in the same transaction, and refuses a duplicate record', async () => {
    const eventId = await freshEvent({ standing: 10 });
    const record = order(eventId, { standing: 1 });
    await orders.createWithHold(record, customerOf(record));
    const payment: PaymentRecord = {
      paymentId: paymentRecordId('PAYMENT', `pi_${record.orderId}`),
      orderId: record.orderId,
      kind: 'PAYMENT',
      status: 'SUCCEEDED',
      amount: 1000,
      currency: 'EUR',
      provider: 'stripe',
      createdAt: NOW,
    };

    const paid = await orders.transition({
      order: record,
      from: 'PENDING_PAYMENT',
      to: 'PAID',
      seats: 'keep',
      now: NOW,
      paymentIntentId: 'pi_x',
      payments: [payment],
    });
    const refundedWithSamePayment = await orders.transition({
      order: record,
      from: 'PAID',
      to: 'REFUNDED',
      seats: 'keep',
      now: NOW,
      payments: [payment],
    });

    expect(paid).toEqual({ ok: true });
    expect(refundedWithSamePayment).toEqual({ ok: false, reason: 'payment-exists' });
    expect(await orders.get(record.orderId)).toMatchObject({
      status: 'PAID',
      paymentIntentId: 'pi_x',
      seatsHeld: true,
    });
    expect(await new PaymentsRepository(db.clients.doc, db.tableNames.Payments).get(payment.paymentId)).toEqual(
      payment,
    );
    expect(await available(eventId, 'standing')).toBe(9);
  });

  it('re-takes released seats for a late payment only while they are available', async () => {
    const eventId = await freshEvent({ standing: 3 });
    const late = order(eventId, { standing: 2 });
    await orders.createWithHold(late, customerOf(late));
    await orders.transition({ order: late, from: 'PENDING_PAYMENT', to: 'EXPIRED', seats: 'release', now: NOW });
    const other = order(eventId, { standing: 2 });
    await orders.createWithHold(other, customerOf(other));

    const retake = await orders.transition({ order: late, from: 'EXPIRED', to: 'PAID', seats: 'retake', now: NOW });

    expect(retake).toEqual({ ok: false, reason: 'seats-unavailable', ticketTypeIds: ['standing'] });
    expect(await orders.get(late.orderId)).toMatchObject({ status: 'EXPIRED', seatsHeld: false });
    expect(await available(eventId, 'standing')).toBe(1);

    await orders.transition({ order: other, from: 'PENDING_PAYMENT', to: 'CANCELLED', seats: 'release', now: NOW });
    const retakeAgain = await orders.transition({
      order: late,
      from: 'EXPIRED',
      to: 'PAID',
      seats: 'retake',
      now: NOW,
    });

    expect(retakeAgain).toEqual({ ok: true });
    expect(await orders.get(late.orderId)).toMatchObject({ status: 'PAID', seatsHeld: true });
    expect(await available(eventId, 'standing')).toBe(1);
  });
});

describe('markRefundDecided', () => {
  it('stops any later re-take of the order’s seats', async () => {
    const eventId = await freshEvent({ standing: 5 });
    const record = order(eventId, { standing: 2 });
    await orders.createWithHold(record, customerOf(record));
    await orders.transition({ order: record, from: 'PENDING_PAYMENT', to: 'EXPIRED', seats: 'release', now: NOW });

    const marked = await orders.markRefundDecided(record.orderId, 'EXPIRED', NOW);
    const retake = await orders.transition({ order: record, from: 'EXPIRED', to: 'PAID', seats: 'retake', now: NOW });

    expect(marked).toBe(true);
    expect(retake).toEqual({ ok: false, reason: 'status-changed' });
    expect(await available(eventId, 'standing')).toBe(5);
    expect(await orders.markRefundDecided(record.orderId, 'CANCELLED', NOW)).toBe(false);
  });
});

describe('attachCheckoutSession', () => {
  it('records the session on a pending order, idempotently, and not once the order moved on', async () => {
    const eventId = await freshEvent({ standing: 5 });
    const record = order(eventId, { standing: 1 });
    await orders.createWithHold(record, customerOf(record));
    const session = { id: 'cs_1', url: 'https://checkout.example/cs_1' };

    const first = await orders.attachCheckoutSession(record.orderId, session, NOW);
    const same = await orders.attachCheckoutSession(record.orderId, session, NOW);
    const other = await orders.attachCheckoutSession(
      record.orderId,
      { id: 'cs_2', url: 'https://checkout.example/cs_2' },
      NOW,
    );
    await orders.transition({ order: record, from: 'PENDING_PAYMENT', to: 'CANCELLED', seats: 'release', now: NOW });
    const afterCancel = await orders.attachCheckoutSession(record.orderId, session, NOW);

    expect([first, same, other, afterCancel]).toEqual([true, true, false, false]);
    expect(await orders.get(record.orderId)).toMatchObject({ checkoutSessionId: 'cs_1', checkoutUrl: session.url });
  });
});

describe('listDue and countDue', () => {
  beforeEach(async () => {
    const { Items } = await db.clients.doc.send(new ScanCommand({ TableName: db.tableNames.Orders }));
    for (const item of Items ?? []) {
      if (item['status'] === 'PENDING_PAYMENT') {
        await orders.transition({
          order: item as OrderRecord,
          from: 'PENDING_PAYMENT',
          to: 'CANCELLED',
          seats: 'release',
          now: NOW,
        });
      }
    }
  });

  it('finds pending orders whose hold is due, and counts by status', async () => {
    const eventId = await freshEvent({ standing: 10 });
    const due = order(eventId, { standing: 1 }, { statusDueAt: '2030-01-01T11:00:00.000Z' });
    const notDue = order(eventId, { standing: 1 }, { statusDueAt: '2030-01-01T13:00:00.000Z' });
    await orders.createWithHold(due, customerOf(due));
    await orders.createWithHold(notDue, customerOf(notDue));

    const page = await orders.listDue('PENDING_PAYMENT', NOW);
    const count = await orders.countDue('PENDING_PAYMENT', NOW);

    expect(page.items.map((item) => item.orderId)).toEqual([due.orderId]);
    expect(count).toBe(1);
  });
});
