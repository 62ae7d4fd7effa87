import type { TableId, TableNames } from './tables';

/** The env variable holding each table's physical name (set by the CDK app and by the local server). */
export const TABLE_ENV_VARS: Readonly<Record<TableId, string>> = {
  Catalog: 'CATALOG_TABLE',
  Orders: 'ORDERS_TABLE',
  Customers: 'CUSTOMERS_TABLE',
  Payments: 'PAYMENTS_TABLE',
  IdempotencyKeys: 'IDEMPOTENCY_TABLE',
  ProcessedEvents: 'PROCESSED_EVENTS_TABLE',
  Reconciliation: 'RECONCILIATION_TABLE',
};

/** Env variables for a complete set of table names (what the local server hands to handlers). */
export function tableEnvFor(names: TableNames): Record<string, string> {
  return Object.fromEntries((Object.keys(TABLE_ENV_VARS) as TableId[]).map((id) => [TABLE_ENV_VARS[id], names[id]]));
}
