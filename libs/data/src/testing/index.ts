/**
 * Test helpers for code that talks to DynamoDB (`@tth/data/testing`, tests only).
 *
 * One DynamoDB Local runs per test run (started by ./global-setup.ts); every test file creates
 * its own uniquely-prefixed set of tables, so files never share mutable state and can run in
 * parallel. To use it from another project, add the globalSetup to its vitest.config.ts:
 *
 *   // apps/api/vitest.config.ts (paths are relative to the config file's folder)
 *   export default defineConfig({
 *     root: import.meta.dirname,
 *     resolve: { tsconfigPaths: true },
 *     test: {
 *       globalSetup: ['../../libs/data/src/testing/global-setup.ts'],
 *       testTimeout: 30_000,
 *       hookTimeout: 60_000,
 *       // ...
 *     },
 *   });
 *
 * and in a test file:
 *
 *   import { createIsolatedTables, seedCatalog, type IsolatedTables } from '@tth/data/testing';
 *
 *   let db: IsolatedTables;
 *   beforeAll(async () => {
 *     db = await createIsolatedTables('orders');
 *     await seedCatalog(db.clients.doc, db.tableNames, [{ eventId: 'small-gig', ticketTypes: [{ ticketTypeId: 'general', capacity: 50 }] }]);
 *   });
 *   afterAll(() => db.cleanup());
 *
 * `db.env` holds DYNAMODB_ENDPOINT and the *_TABLE variables, ready to hand to a handler or to
 * the local API server.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients, type DynamoClients } from '../clients';
import { createTables, deleteTables } from '../create-tables';
import { seedEvents } from '../catalog/seed';
import type { EventInput, TicketTypeInput } from '../catalog/items';
import { tableEnvFor } from '../table-env';
import { tableNamesFor, type TableNames } from '../tables';
import './provided-context';

/** The endpoint of the run's DynamoDB Local; fails with wiring instructions when globalSetup is missing. */
export function testDynamoEndpoint(): string {
  const endpoint = inject('dynamoEndpoint');
  if (!endpoint) {
    throw new Error(
      "No DynamoDB Local for this test run: add globalSetup: ['../../libs/data/src/testing/global-setup.ts'] to this project's vitest.config.ts (see @tth/data/testing).",
    );
  }
  return endpoint;
}

export interface IsolatedTables {
  readonly endpoint: string;
  /** e.g. `test-orders-k3j9x2ab` */
  readonly prefix: string;
  readonly tableNames: TableNames;
  readonly clients: DynamoClients;
  /** DYNAMODB_ENDPOINT and every *_TABLE variable for these tables. */
  readonly env: Readonly<Record<string, string>>;
  /** Deletes the tables and closes the clients. */
  cleanup(): Promise<void>;
}

/** A fresh set of every table under a unique prefix, on the run's DynamoDB Local. */
export async function createIsolatedTables(prefixHint: string): Promise<IsolatedTables> {
  const endpoint = testDynamoEndpoint();
  const hint =
    prefixHint
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'tables';
  const prefix = `test-${hint}-${randomBytes(5).toString('hex')}`;
  const tableNames = tableNamesFor(prefix);
  const clients = createDynamoClients({ endpoint, region: 'us-east-2' });
  await createTables(clients.client, tableNames);
  return {
    endpoint,
    prefix,
    tableNames,
    clients,
    env: { DYNAMODB_ENDPOINT: endpoint, ...tableEnvFor(tableNames) },
    cleanup: async () => {
      try {
        await deleteTables(clients.client, tableNames);
      } finally {
        clients.destroy();
      }
    },
  };
}

export type TestTicketTypeInput = Partial<TicketTypeInput> & Pick<TicketTypeInput, 'ticketTypeId'>;

export type TestEventInput = Partial<Omit<EventInput, 'ticketTypes'>> &
  Pick<EventInput, 'eventId'> & {
    readonly ticketTypes?: readonly TestTicketTypeInput[];
  };

const DAY = 24 * 60 * 60 * 1000;

/** Fills in plausible defaults: on sale since yesterday, starting in 30 days in Berlin, one 100-seat type at €50.00. */
export function testEvent(input: TestEventInput, now: Date = new Date()): EventInput {
  const ticketTypes = input.ticketTypes ?? [{ ticketTypeId: 'general' }];
  return {
    eventId: input.eventId,
    name: input.name ?? `Test event ${input.eventId}`,
    venue: input.venue ?? 'Test Hall',
    city: input.city ?? 'Testville',
    timeZone: input.timeZone ?? 'Europe/Berlin',
    startsAt: input.startsAt ?? new Date(now.getTime() + 30 * DAY),
    onSaleAt: input.onSaleAt ?? new Date(now.getTime() - DAY),
    description: input.description ?? `Description of ${input.eventId}.`,
    ...(input.imageAlt ? { imageAlt: input.imageAlt } : {}),
    ...(input.currency ? { currency: input.currency } : {}),
    ticketTypes: ticketTypes.map((type) => ({
      ticketTypeId: type.ticketTypeId,
      name: type.name ?? `Ticket ${type.ticketTypeId}`,
      ...(type.description ? { description: type.description } : {}),
      price: type.price ?? 5000,
      capacity: type.capacity ?? 100,
      ...(type.available !== undefined ? { available: type.available } : {}),
      ...(type.maxPerOrder !== undefined ? { maxPerOrder: type.maxPerOrder } : {}),
    })),
  };
}

/** Seeds test events (defaults from testEvent), overwriting any previous items with the same keys. */
export async function seedCatalog(
  doc: DynamoDBDocumentClient,
  tableNames: Pick<TableNames, 'Catalog'>,
  events: readonly TestEventInput[],
  now: Date = new Date(),
): Promise<EventInput[]> {
  const full = events.map((event) => testEvent(event, now));
  await seedEvents(doc, tableNames, full, { overwrite: true });
  return full;
}
