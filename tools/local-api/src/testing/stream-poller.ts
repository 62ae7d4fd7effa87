/**
 * Test support for the local stream poller tests and the worker bundle test: a provider double,
 * paid orders, polling.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { OrdersRepository, type OrderRecord } from '@tth/data';
import type { IsolatedTables } from '@tth/data/testing';

export const API_KEY = 'local-fulfillment-test-key';

/** The repository root: child processes (tsx CLIs) run from here. */
export const WORKSPACE_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');

export type ProviderDouble = Awaited<ReturnType<typeof startProviderDouble>>;

/** A minimal provider: API key check, idempotency by key, an outage switch and a latency knob. */
export async function startProviderDouble() {
  const issued = new Map<string, unknown>();
  const issuedPerOrder = new Map<string, number>();
  let calls = 0;
  let down = false;
  let latencyMs = 0;
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      calls += 1;
      // Like a slow provider: the work is done at once, the answer comes after the latency.
      const send = (status: number, body: unknown) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          if (!response.destroyed)
            response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        }, latencyMs);
        pending.add(timer);
      };
      if (down) return send(503, { error: 'maintenance' });
      if (request.headers['x-api-key'] !== API_KEY) return send(401, { error: 'unauthorized' });
      const key = String(request.headers['idempotency-key']);
      const earlier = issued.get(key);
      if (earlier) return send(200, earlier);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        orderId: string;
        items: Array<{ ticketTypeId: string; quantity: number }>;
      };
      const issuance = {
        issuanceId: `iss_${issued.size + 1}`,
        orderId: body.orderId,
        tickets: body.items.flatMap((item) =>
          Array.from({ length: item.quantity }, () => ({
            code: `TTH-${randomBytes(6).toString('hex')}`,
            ticketTypeId: item.ticketTypeId,
          })),
        ),
      };
      issued.set(key, issuance);
      issuedPerOrder.set(body.orderId, (issuedPerOrder.get(body.orderId) ?? 0) + 1);
      return send(201, issuance);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    issuedOrders: () => [...issued.keys()],
    issuedPerOrder: () => Object.fromEntries(issuedPerOrder),
    calls: () => calls,
    setDown: (value: boolean) => {
      down = value;
    },
    setLatency: (ms: number) => {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const newOrderId = () => `ord_${[...randomBytes(26)].map((byte) => CROCKFORD[byte % 32]).join('')}`;

export async function payOrder(db: IsolatedTables): Promise<string> {
  const now = new Date().toISOString();
  const order: OrderRecord = {
    orderId: newOrderId(),
    status: 'PENDING_PAYMENT',
    statusDueAt: now,
    eventId: 'local-gig',
    eventName: 'Local Gig',
    customerId: 'cus-local',
    lines: [{ ticketTypeId: 'general', name: 'General admission', quantity: 2, unitPrice: 2500, lineTotal: 5000 }],
    totals: { subtotal: 5000, fees: 0, total: 5000, currency: 'EUR' },
    holdExpiresAt: now,
    seatsHeld: true,
    tokenHash: 'hash',
    createdAt: now,
    updatedAt: now,
  };
  await db.clients.doc.send(new PutCommand({ TableName: db.tableNames.Orders, Item: order }));
  const orders = new OrdersRepository(db.clients.doc, {
    orders: db.tableNames.Orders,
    catalog: db.tableNames.Catalog,
    customers: db.tableNames.Customers,
    payments: db.tableNames.Payments,
  });
  const paid = await orders.transition({ order, from: 'PENDING_PAYMENT', to: 'PAID', seats: 'keep', now });
  if (!paid.ok) throw new Error(`could not pay ${order.orderId}`);
  return order.orderId;
}

export async function statusOf(db: IsolatedTables, orderId: string): Promise<Record<string, unknown> | undefined> {
  return (
    await db.clients.doc.send(
      new GetCommand({ TableName: db.tableNames.Orders, Key: { orderId }, ConsistentRead: true }),
    )
  ).Item;
}

export async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
