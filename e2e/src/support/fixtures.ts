import { randomBytes, randomUUID } from 'node:crypto';
import { test as base, expect, type Page } from '@playwright/test';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { createApiClient, type ApiClient, type Schemas } from '@tth/contracts';
import { catalogKeys, createDynamoClients, seedEvents, type DynamoClients, type EventInput } from '@tth/data';
import { Buyer } from './buyer';
import { e2eStack, type E2eStack } from './stack-info';

export { expect };

const DAY = 24 * 60 * 60 * 1000;

export interface TicketTypeSpec {
  /** Shown to the buyer, e.g. "Standing"; the quantity field is "Quantity of <name>". */
  readonly name: string;
  /** Smallest currency unit. */
  readonly price: number;
  readonly capacity: number;
  /** Seats left; default the capacity. */
  readonly available?: number;
  readonly maxPerOrder?: number;
}

export interface EventSpec {
  /** A readable part of the event id and name, e.g. "buy-two". */
  readonly slug: string;
  readonly ticketTypes: readonly TicketTypeSpec[];
}

export interface TestEvent {
  readonly eventId: string;
  readonly name: string;
  readonly path: string;
  /** Ticket type ids by their names. */
  readonly ticketTypeIds: Readonly<Record<string, string>>;
}

export interface PlacedOrder {
  readonly orderId: string;
  readonly orderToken: string;
}

export interface Shop {
  /** A fresh event (unique id) only this test uses; deleted again afterwards. */
  createEvent(spec: EventSpec): Promise<TestEvent>;
  /** An order placed straight through the API, as another buyer in another browser would. */
  placeOrder(
    event: TestEvent,
    quantities: Readonly<Record<string, number>>,
    customer?: Schemas['Customer'],
  ): Promise<Schemas['CreateOrderResponse']>;
  /** The order as the API reports it to its buyer (with the order token). */
  order(order: PlacedOrder): Promise<Schemas['Order']>;
  /** Seats left of one ticket type, from the public catalog API. */
  available(event: TestEvent, ticketTypeName: string): Promise<number>;
  /** The one order the buyer placed in this test's browser (fails unless there is exactly one). */
  orderPlacedInBrowser(): Promise<PlacedOrder>;
  /** Every order this test created, in the browser or through the API. */
  orders(): Promise<PlacedOrder[]>;
}

interface WorkerFixtures {
  stack: E2eStack;
  api: ApiClient;
  dynamo: DynamoClients;
}

interface TestFixtures {
  shop: Shop;
  buyer: Buyer;
}

const slugify = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Where the storefront keeps each order's access token (apps/storefront/src/order-tokens.ts). */
const ORDER_TOKEN_KEY_PREFIX = 'tth:order-token:';

/** The orders the storefront created in this browser context: it keeps their tokens in localStorage. */
async function ordersInBrowser(page: Page, storefrontUrl: string): Promise<PlacedOrder[]> {
  const state = await page.context().storageState();
  const storage = state.origins.find((entry) => entry.origin === new URL(storefrontUrl).origin)?.localStorage ?? [];
  return storage
    .filter((item) => item.name.startsWith(ORDER_TOKEN_KEY_PREFIX))
    .map((item) => ({ orderId: item.name.slice(ORDER_TOKEN_KEY_PREFIX.length), orderToken: item.value }));
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature: no fixtures needed.
    async ({}, use) => {
      await use(e2eStack());
    },
    { scope: 'worker' },
  ],
  api: [
    async ({ stack }, use) => {
      await use(createApiClient(stack.urls.api));
    },
    { scope: 'worker' },
  ],
  dynamo: [
    async ({ stack }, use) => {
      const clients = createDynamoClients({ endpoint: stack.dynamoEndpoint, region: 'us-east-2' });
      await use(clients);
      clients.destroy();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ stack }, use) => {
    await use(stack.urls.storefront);
  },

  // Depends on the shop, so the orders this buyer places are tracked and cleaned up.
  buyer: async ({ page, stack, shop: _shop }, use) => {
    await use(new Buyer(page, stack));
  },

  shop: async ({ stack, api, dynamo, page }, use) => {
    const events: EventInput[] = [];
    const apiOrders: PlacedOrder[] = [];

    const ticketTypeId = (event: TestEvent, name: string) => {
      const id = event.ticketTypeIds[name];
      if (!id) throw new Error(`Event ${event.eventId} has no ticket type "${name}"`);
      return id;
    };

    const shop: Shop = {
      async orders() {
        const inBrowser = await ordersInBrowser(page, stack.urls.storefront);
        return [
          ...apiOrders,
          ...inBrowser.filter((order) => !apiOrders.some((other) => other.orderId === order.orderId)),
        ];
      },
      async orderPlacedInBrowser() {
        const [order, ...others] = await ordersInBrowser(page, stack.urls.storefront);
        if (!order || others.length > 0)
          throw new Error(`Expected one order placed in the browser, found ${others.length + (order ? 1 : 0)}`);
        return order;
      },
      async createEvent(spec) {
        const suffix = randomBytes(4).toString('hex');
        const eventId = `e2e-${slugify(spec.slug)}-${suffix}`.slice(0, 64);
        const name = `E2E ${spec.slug.replace(/-/g, ' ')} ${suffix}`;
        const now = Date.now();
        const input: EventInput = {
          eventId,
          name,
          venue: 'Playwright Hall',
          city: 'Testville',
          timeZone: 'Europe/Berlin',
          startsAt: new Date(now + 30 * DAY),
          onSaleAt: new Date(now - DAY),
          description: `An event only the "${spec.slug}" story uses.`,
          imageAlt: 'A stage in an empty hall, lit for a sound check',
          ticketTypes: spec.ticketTypes.map((type) => ({
            ticketTypeId: slugify(type.name),
            name: type.name,
            price: type.price,
            capacity: type.capacity,
            ...(type.available !== undefined ? { available: type.available } : {}),
            ...(type.maxPerOrder !== undefined ? { maxPerOrder: type.maxPerOrder } : {}),
          })),
        };
        await seedEvents(dynamo.doc, stack.tableNames, [input], { overwrite: true });
        events.push(input);
        return {
          eventId,
          name,
          path: `/events/${eventId}`,
          ticketTypeIds: Object.fromEntries(input.ticketTypes.map((type) => [type.name, type.ticketTypeId])),
        };
      },
      async placeOrder(event, quantities, customer = { name: 'Another Buyer', email: 'another.buyer@example.com' }) {
        const items = Object.entries(quantities).map(([name, quantity]) => ({
          ticketTypeId: ticketTypeId(event, name),
          quantity,
        }));
        const { data, error, response } = await api.POST('/orders', {
          params: { header: { 'Idempotency-Key': `e2e-${randomUUID()}` } },
          body: { eventId: event.eventId, customer, items },
        });
        if (!data) throw new Error(`POST /orders answered ${response.status}: ${JSON.stringify(error)}`);
        apiOrders.push({ orderId: data.orderId, orderToken: data.orderToken });
        return data;
      },
      async order({ orderId, orderToken }) {
        const { data, error, response } = await api.GET('/orders/{orderId}', {
          params: { path: { orderId }, header: { 'X-Order-Token': orderToken } },
        });
        if (!data) throw new Error(`GET /orders/${orderId} answered ${response.status}: ${JSON.stringify(error)}`);
        return data;
      },
      async available(event, ticketTypeName) {
        const { data, error, response } = await api.GET('/events/{eventId}', {
          params: { path: { eventId: event.eventId } },
        });
        if (!data)
          throw new Error(`GET /events/${event.eventId} answered ${response.status}: ${JSON.stringify(error)}`);
        const type = data.ticketTypes.find((candidate) => candidate.id === ticketTypeId(event, ticketTypeName));
        if (!type) throw new Error(`GET /events/${event.eventId} has no ticket type "${ticketTypeName}"`);
        return type.available;
      },
    };

    await use(shop);

    // Clean up: release the seats of orders left unpaid, then remove the test's events.
    for (const order of await shop.orders()) {
      const { data } = await api.GET('/orders/{orderId}', {
        params: { path: { orderId: order.orderId }, header: { 'X-Order-Token': order.orderToken } },
      });
      if (data?.status === 'PENDING_PAYMENT') {
        await api.POST('/orders/{orderId}/cancel', {
          params: { path: { orderId: order.orderId }, header: { 'X-Order-Token': order.orderToken } },
        });
      }
    }
    for (const event of events) {
      const keys = [
        catalogKeys.event(event.eventId),
        ...event.ticketTypes.map((type) => catalogKeys.ticketType(event.eventId, type.ticketTypeId)),
      ];
      for (const key of keys)
        await dynamo.doc.send(new DeleteCommand({ TableName: stack.tableNames.Catalog, Key: key }));
    }
  },
});
