export * from './tables';
export * from './repositories/orders';
export * from './repositories/orders-transactions';
export * from './repositories/orders-catalog';
export * from './repositories/payments';
export * from './repositories/customers';
export * from './repositories/idempotency';
export * from './repositories/processed-events';
