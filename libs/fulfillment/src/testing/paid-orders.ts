/**
 * Test helpers: orders written the way the order flow writes them (PENDING_PAYMENT, then the
 * conditional PENDING_PAYMENT → PAID transition through the orders repository), so the Orders
 * stream carries the same MODIFY record the webhook's payment produces.
 */
import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { OrdersRepository, type OrderRecord } from '@tth/data';
import type { IsolatedTables } from '@tth/data/testing';
import type { FulfillmentOrder } from '../order-store';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random id in the contract's OrderId format (`ord_` + 26 Crockford base32 characters). */
export function testOrderId(): string {
  return `ord_${[...randomBytes(26)].map((byte) => CROCKFORD[byte % 32]).join('')}`;
}

export interface TestOrderInput {
  readonly orderId?: string;
  readonly eventId?: string;
  readonly lines?: ReadonlyArray<{ ticketTypeId: string; name: string; quantity: number; unitPrice?: number }>;
}

export function pendingOrder(input: TestOrderInput = {}, now: Date = new Date()): OrderRecord {
  const lines = (input.lines ?? [{ ticketTypeId: 'general', name: 'General admission', quantity: 2 }]).map((line) => {
    const unitPrice = line.unitPrice ?? 5000;
    return {
      ticketTypeId: line.ticketTypeId,
      name: line.name,
      quantity: line.quantity,
      unitPrice,
      lineTotal: unitPrice * line.quantity,
    };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const at = now.toISOString();
  return {
    orderId: input.orderId ?? testOrderId(),
    status: 'PENDING_PAYMENT',
    statusDueAt: new Date(now.getTime() + 30 * 60_000).toISOString(),
    eventId: input.eventId ?? 'test-gig',
    eventName: 'Test Gig',
    customerId: 'cus-test',
    lines,
    totals: { subtotal, fees: 0, total: subtotal, currency: 'EUR' },
    holdExpiresAt: new Date(now.getTime() + 30 * 60_000).toISOString(),
    seatsHeld: true,
    tokenHash: 'test-token-hash',
    createdAt: at,
    updatedAt: at,
  };
}

/** Writes a PENDING_PAYMENT order and pays it (conditional transition to PAID); returns the order id. */
export async function createPaidOrder(db: IsolatedTables, input: TestOrderInput = {}): Promise<OrderRecord> {
  const order = pendingOrder(input);
  await db.clients.doc.send(
    new PutCommand({
      TableName: db.tableNames.Orders,
      Item: order,
      ConditionExpression: 'attribute_not_exists(orderId)',
    }),
  );
  const repository = new OrdersRepository(db.clients.doc, {
    orders: db.tableNames.Orders,
    catalog: db.tableNames.Catalog,
    customers: db.tableNames.Customers,
    payments: db.tableNames.Payments,
  });
  const paid = await repository.transition({
    order,
    from: 'PENDING_PAYMENT',
    to: 'PAID',
    seats: 'keep',
    now: new Date().toISOString(),
    paymentIntentId: `pi_${order.orderId}`,
  });
  if (!paid.ok) throw new Error(`Could not pay test order ${order.orderId}: ${paid.reason}`);
  return { ...order, status: 'PAID' };
}

/** Writes an order item as given (any status), e.g. one a crashed worker left FULFILLING. */
export async function putOrder(db: IsolatedTables, order: FulfillmentOrder): Promise<void> {
  await db.clients.doc.send(new PutCommand({ TableName: db.tableNames.Orders, Item: order }));
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
