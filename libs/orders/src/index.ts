/**
 * `@tth/orders`: the order flow (pricing, holds, order lifecycle, Stripe Checkout and webhook
 * processing). What other projects use, and nothing else: the functions wire it
 * (`createOrderDeps`, `orderRoutes`, …), the bench times `createOrder` and builds comparable
 * records, tests check transitions and views.
 */
export { createOrder, type CreateOrderInput } from './create-order';
export { customerIdFor, normaliseEmail } from './customer';
export type { OrderDeps, WebhookDeps } from './deps';
export { sweepExpiredHolds, type SweepOptions, type SweepResult } from './hold-expiry';
export { orderRoutes, webhookRoutes } from './http-routes';
export { newOrderId } from './order-id';
export { hashOrderToken, newOrderToken } from './order-token';
export { toOrderView } from './order-view';
export { LATE_PAYMENT_REASON } from './payment-events';
export {
  MAX_WINDOW_SECONDS,
  reconcilePayments,
  type ReconciliationDeps,
  type ReconciliationOptions,
  type ReconciliationOutcome,
  type ReconciliationRunResult,
} from './reconciliation';
export { canTransition } from './state-machine';
export {
  stripeLedger,
  type LedgerPayment,
  type LedgerRefund,
  type LedgerWindow,
  type StripeLedger,
} from './stripe-ledger';
export {
  createMetrics,
  createOrderDeps,
  createReconciliationDeps,
  createWebhookDeps,
  metricAlerts,
  type OrderConfig,
  type ReconciliationConfig,
  type WebhookConfig,
  type WiringOptions,
} from './wiring';
