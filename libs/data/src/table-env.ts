import { env, loadConfig, type Env, type Setting } from '@tth/runtime';
import type { TableId, TableNames } from './tables';

/** The env variable holding each table's physical name (set by the CDK app and by the local server). */
export const TABLE_ENV_VARS: Readonly<Record<TableId, string>> = {
  Catalog: 'CATALOG_TABLE',
  Orders: 'ORDERS_TABLE',
  Customers: 'CUSTOMERS_TABLE',
  Payments: 'PAYMENTS_TABLE',
  IdempotencyKeys: 'IDEMPOTENCY_TABLE',
  ProcessedEvents: 'PROCESSED_EVENTS_TABLE',
};

/** A `loadConfig` setting for one table name, so each function asks only for the tables it uses. */
export function tableNameSetting(id: TableId): Setting<string> {
  return env.string(TABLE_ENV_VARS[id]);
}

/** Env variables for a complete set of table names (what the local server hands to handlers). */
export function tableEnvFor(names: TableNames): Record<string, string> {
  return Object.fromEntries((Object.keys(TABLE_ENV_VARS) as TableId[]).map((id) => [TABLE_ENV_VARS[id], names[id]]));
}

/** Every table name from env; fails naming each missing variable. */
export function tableNamesFromEnv(source: Env = process.env): TableNames {
  const spec = Object.fromEntries(
    (Object.keys(TABLE_ENV_VARS) as TableId[]).map((id) => [id, tableNameSetting(id)]),
  ) as Record<TableId, Setting<string>>;
  return loadConfig(spec, source);
}
