import { createDynamoClients, type DynamoClients } from '../clients';
import { createTables } from '../create-tables';
import { seedDemoCatalog } from '../catalog/seed';
import { tableNamesFor, type TableNames } from '../tables';
import { startDynamoDbLocal, type DynamoDbLocal, type DynamoDbLocalOptions } from './dynamodb-local';

export const LOCAL_TABLE_PREFIX = 'ticketstoheaven-local';

export interface LocalDynamoOptions extends DynamoDbLocalOptions {
  /** Use a DynamoDB Local that is already running instead of starting one. */
  readonly endpoint?: string;
  /** Default `ticketstoheaven-local`. */
  readonly tablePrefix?: string;
  /** Seed the demo catalog (default true; existing items are kept). */
  readonly seed?: boolean;
  readonly now?: Date;
}

export interface LocalDynamo {
  readonly endpoint: string;
  readonly tableNames: TableNames;
  readonly clients: DynamoClients;
  /** The process this bootstrap started, if any. */
  readonly dynamoDbLocal?: DynamoDbLocal;
  /** Closes the clients and stops DynamoDB Local if this bootstrap started it. */
  stop(): Promise<void>;
}

/** DynamoDB Local (started or reused) with every table created and the demo catalog seeded. */
export async function bootstrapLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const dynamoDbLocal = options.endpoint ? undefined : await startDynamoDbLocal(options);
  const endpoint = options.endpoint ?? (dynamoDbLocal as DynamoDbLocal).endpoint;
  const clients = createDynamoClients({ endpoint });
  const tableNames = tableNamesFor(options.tablePrefix ?? LOCAL_TABLE_PREFIX);
  try {
    await createTables(clients.client, tableNames);
    if (options.seed ?? true) await seedDemoCatalog(clients.doc, tableNames, options.now ?? new Date());
  } catch (error) {
    clients.destroy();
    await dynamoDbLocal?.stop();
    throw error;
  }
  return {
    endpoint,
    tableNames,
    clients,
    ...(dynamoDbLocal ? { dynamoDbLocal } : {}),
    stop: async () => {
      clients.destroy();
      await dynamoDbLocal?.stop();
    },
  };
}
