/**
 * `@tth/data`: the tables (one definition for CDK and DynamoDB Local), the DynamoDB clients and
 * the repositories. What other projects use, and nothing else; DynamoDB Local is
 * `@tth/data/local`, test helpers `@tth/data/testing`.
 */
export { createCatalogRepository, type CatalogRepository } from './catalog/catalog-repository';
export { InvalidCursorError } from './catalog/cursor';
export { catalogKeys, type EventInput } from './catalog/items';
export { seedEvents } from './catalog/seed';
export { createDynamoClients, type DynamoClientOptions, type DynamoClients } from './clients';
export { createTables } from './create-tables';
export { IdempotencyRepository, type IdempotencyRecord } from './repositories/idempotency';
export {
  OrdersRepository,
  type OrderLineRecord,
  type OrderRecord,
  type OrderTotalsRecord,
  type TicketRecord,
  type TransitionResult,
} from './repositories/orders';
export { isConditionFailure } from './repositories/orders-transactions';
export { paymentRecordId, PaymentsRepository, type PaymentRecord, type PaymentStatus } from './repositories/payments';
export { ProcessedEventsRepository } from './repositories/processed-events';
export {
  reconciliationFindingId,
  ReconciliationRepository,
  resolveFindingUpdate,
  type FindingPage,
  type NewReconciliationFinding,
  type ReconciliationCheckpoint,
  type ReconciliationFinding,
  type ReconciliationFindingKind,
  type ReconciliationFindingStatus,
  type ResolveFindingInput,
  type ResolveFindingResult,
} from './repositories/reconciliation';
export { TABLE_ENV_VARS, tableEnvFor } from './table-env';
export {
  allTableDefinitions,
  tableDefinitions,
  tableNamesFor,
  type TableDefinition,
  type TableId,
  type TableNames,
} from './tables';
