/**
 * The one definition of every DynamoDB table. The CDK app (tools/infra) and the
 * local bootstrap (DynamoDB Local) both build their tables from these records,
 * so a key or index changes in one place only.
 */
export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface GlobalSecondaryIndex {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Logical id, also the CDK construct id. */
  readonly id: TableId;
  /** Physical name suffix: `<prefix>-<suffix>`, e.g. `ticketstoheaven-prod-orders`. */
  readonly suffix: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndex[];
  /** Epoch-seconds attribute DynamoDB deletes items by. */
  readonly timeToLiveAttribute?: string;
  /** Stream view for tables whose changes drive work (Orders → fulfillment). */
  readonly stream?: 'NEW_AND_OLD_IMAGES';
  readonly description: string;
}

export type TableId =
  'Catalog' | 'Orders' | 'Customers' | 'Payments' | 'IdempotencyKeys' | 'ProcessedEvents' | 'Reconciliation';

const S = (name: string): KeyAttribute => ({ name, type: 'S' });

export const tableDefinitions: Readonly<Record<TableId, TableDefinition>> = {
  Catalog: {
    id: 'Catalog',
    suffix: 'catalog',
    description: 'Events (sk EVENT) and their ticket types (sk TT#<id>) with availability counters.',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    globalSecondaryIndexes: [
      // Event items only carry listPk/listSk, so this index lists events by start time.
      { indexName: 'byListing', partitionKey: S('listPk'), sortKey: S('listSk'), projection: 'ALL' },
    ],
  },
  Orders: {
    id: 'Orders',
    suffix: 'orders',
    description: 'Orders and their lifecycle; its stream triggers fulfillment on the PAID transition.',
    partitionKey: S('orderId'),
    globalSecondaryIndexes: [
      { indexName: 'byCustomer', partitionKey: S('customerId'), sortKey: S('createdAt'), projection: 'ALL' },
      // statusDueAt: the hold expiry while PENDING_PAYMENT, otherwise the time of the last transition,
      // so the sweep and the stuck-order check are range queries.
      { indexName: 'byStatus', partitionKey: S('status'), sortKey: S('statusDueAt'), projection: 'ALL' },
    ],
    stream: 'NEW_AND_OLD_IMAGES',
  },
  Customers: {
    id: 'Customers',
    suffix: 'customers',
    description: 'Buyers, keyed by a hash of the normalised email.',
    partitionKey: S('customerId'),
    globalSecondaryIndexes: [{ indexName: 'byEmail', partitionKey: S('email'), projection: 'ALL' }],
  },
  Payments: {
    id: 'Payments',
    suffix: 'payments',
    description: 'One record per payment and per refund.',
    partitionKey: S('paymentId'),
    globalSecondaryIndexes: [
      { indexName: 'byOrder', partitionKey: S('orderId'), sortKey: S('createdAt'), projection: 'ALL' },
      { indexName: 'byStatus', partitionKey: S('status'), sortKey: S('createdAt'), projection: 'ALL' },
    ],
  },
  IdempotencyKeys: {
    id: 'IdempotencyKeys',
    suffix: 'idempotency-keys',
    description: 'Idempotency-Key records for POST /orders (kept at least 24 h).',
    partitionKey: S('key'),
    globalSecondaryIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
  ProcessedEvents: {
    id: 'ProcessedEvents',
    suffix: 'processed-events',
    description: 'Stripe event ids already processed (each applied once).',
    partitionKey: S('eventId'),
    globalSecondaryIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
  Reconciliation: {
    id: 'Reconciliation',
    suffix: 'reconciliation',
    // Stripe objects the tables do not account for (ADR 090), and the job's checkpoint.
    description: 'Findings, checkpoint',
    partitionKey: S('recordId'),
    globalSecondaryIndexes: [
      // Only findings carry findingStatus/detectedAt, so the index lists open (or resolved) findings by date.
      { indexName: 'byStatus', partitionKey: S('findingStatus'), sortKey: S('detectedAt'), projection: 'ALL' },
    ],
  },
};

export const allTableDefinitions: readonly TableDefinition[] = Object.values(tableDefinitions);

/** Physical table names for a name prefix such as `ticketstoheaven-dev`. */
export type TableNames = Readonly<Record<TableId, string>>;

export function tableNamesFor(prefix: string): TableNames {
  const names = {} as Record<TableId, string>;
  for (const def of allTableDefinitions) names[def.id] = `${prefix}-${def.suffix}`;
  return names;
}
