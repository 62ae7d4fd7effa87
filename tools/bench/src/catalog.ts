/** The events the benchmarks sell, seeded next to the demo catalog (each benchmark has its own). */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { catalogKeys, seedEvents, type DynamoClients, type OrderRecord, type TableNames } from '@tth/data';

export interface BenchEvent {
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly capacity: number;
  readonly price: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function seedBenchEvent(
  clients: DynamoClients,
  tableNames: TableNames,
  event: BenchEvent,
  now = new Date(),
): Promise<void> {
  await seedEvents(
    clients.doc,
    tableNames,
    [
      {
        eventId: event.eventId,
        name: `Benchmark: ${event.eventId}`,
        venue: 'Bench Hall',
        city: 'Localhost',
        timeZone: 'Europe/Berlin',
        startsAt: new Date(now.getTime() + 60 * DAY_MS),
        onSaleAt: new Date(now.getTime() - DAY_MS),
        description: 'Seeded by npm run bench.',
        ticketTypes: [
          {
            ticketTypeId: event.ticketTypeId,
            name: 'General admission',
            price: event.price,
            capacity: event.capacity,
            maxPerOrder: 10,
          },
        ],
      },
    ],
    { overwrite: true },
  );
}

/** The ticket type's `available` counter, read strongly consistently. */
export async function availableSeats(
  clients: DynamoClients,
  tableNames: TableNames,
  event: BenchEvent,
): Promise<number> {
  const { Item } = await clients.doc.send(
    new GetCommand({
      TableName: tableNames.Catalog,
      Key: catalogKeys.ticketType(event.eventId, event.ticketTypeId),
      ConsistentRead: true,
    }),
  );
  if (!Item) throw new Error(`Ticket type ${event.eventId}/${event.ticketTypeId} is missing`);
  return Item['available'] as number;
}

/** Every order of an event (a full, strongly consistent scan: the bench tables are small). */
export async function ordersOfEvent(
  clients: DynamoClients,
  tableNames: TableNames,
  eventId: string,
): Promise<OrderRecord[]> {
  const orders: OrderRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await clients.doc.send(
      new ScanCommand({
        TableName: tableNames.Orders,
        ConsistentRead: true,
        FilterExpression: 'eventId = :eventId',
        ExpressionAttributeValues: { ':eventId': eventId },
        ExclusiveStartKey: startKey,
      }),
    );
    orders.push(...((page.Items ?? []) as OrderRecord[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return orders;
}

export interface SeatAudit {
  readonly capacity: number;
  readonly available: number;
  /** capacity − available: what the counter says is taken. */
  readonly seatsTaken: number;
  /** Seats of the orders in the table that hold seats. */
  readonly seatsInOrders: number;
  readonly ordersHoldingSeats: number;
  /** Orders written and then undone (e.g. the API answered 503 and released the hold). */
  readonly ordersReleased: number;
  /** Orders the API answered 201 for that are missing, hold no seats or hold other quantities. */
  readonly confirmedButWrong: number;
  /** Orders holding seats that the API never confirmed with a 201. */
  readonly holdingButUnconfirmed: number;
  /** Confirmed orders without a Checkout Session attached. */
  readonly confirmedWithoutCheckout: number;
  /** Every check passed. */
  readonly ok: boolean;
}

const seatsOf = (order: OrderRecord) => order.lines.reduce((sum, line) => sum + line.quantity, 0);

/**
 * The oversell check for one ticket type: the counter never went negative, the seats it lost
 * are exactly the seats of the orders holding them, and those orders are exactly the ones the
 * API confirmed (201), with the quantities it confirmed and a Checkout Session each.
 */
export function auditSeats(
  event: BenchEvent,
  available: number,
  orders: readonly OrderRecord[],
  confirmed: ReadonlyMap<string, number>,
): SeatAudit {
  const holding = orders.filter((order) => order.seatsHeld);
  const byId = new Map(orders.map((order) => [order.orderId, order]));
  const confirmedButWrong = [...confirmed].filter(([orderId, seats]) => {
    const order = byId.get(orderId);
    return !order || !order.seatsHeld || seatsOf(order) !== seats;
  }).length;
  const seatsInOrders = holding.reduce((sum, order) => sum + seatsOf(order), 0);
  const seatsTaken = event.capacity - available;
  const holdingButUnconfirmed = holding.filter((order) => !confirmed.has(order.orderId)).length;
  const confirmedWithoutCheckout = [...confirmed.keys()].filter(
    (orderId) => byId.get(orderId) && !byId.get(orderId)?.checkoutSessionId,
  ).length;
  return {
    capacity: event.capacity,
    available,
    seatsTaken,
    seatsInOrders,
    ordersHoldingSeats: holding.length,
    ordersReleased: orders.length - holding.length,
    confirmedButWrong,
    holdingButUnconfirmed,
    confirmedWithoutCheckout,
    ok:
      available >= 0 &&
      seatsTaken === seatsInOrders &&
      confirmedButWrong === 0 &&
      holdingButUnconfirmed === 0 &&
      confirmedWithoutCheckout === 0,
  };
}
