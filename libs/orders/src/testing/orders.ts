import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { catalogKeys } from '@tth/data';
import { seedCatalog, type IsolatedTables } from '@tth/data/testing';
import { HttpError } from '@tth/runtime';
import { createOrder } from '../create-order';
import type { OrderDeps } from '../deps';
import type { CreateOrderResponse } from '../order-view';
import { quietLogger } from './fakes';

let counter = 0;

/** A fresh on-sale event with one `standing` ticket type at €45.00. */
export async function seedEvent(db: IsolatedTables, capacity = 10): Promise<string> {
  const eventId = `show-${Date.now().toString(36)}-${++counter}`;
  await seedCatalog(db.clients.doc, db.tableNames, [
    { eventId, ticketTypes: [{ ticketTypeId: 'standing', name: 'Standing', price: 4500, capacity, maxPerOrder: 10 }] },
  ]);
  return eventId;
}

export function placeOrder(deps: OrderDeps, eventId: string, quantity = 2): Promise<CreateOrderResponse> {
  return createOrder(
    deps,
    {
      idempotencyKey: `key-${Date.now()}-${++counter}`,
      body: {
        eventId,
        customer: { name: 'Grace Hopper', email: 'grace@example.com' },
        items: [{ ticketTypeId: 'standing', quantity }],
      },
    },
    quietLogger,
  );
}

export async function availableSeats(db: IsolatedTables, eventId: string, ticketTypeId = 'standing'): Promise<number> {
  const { Item } = await db.clients.doc.send(
    new GetCommand({
      TableName: db.tableNames.Catalog,
      Key: catalogKeys.ticketType(eventId, ticketTypeId),
      ConsistentRead: true,
    }),
  );
  return Item?.['available'] as number;
}

export async function rejectionOf(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return error;
}
