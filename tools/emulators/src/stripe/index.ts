export {
  startStripeEmulator,
  successUrlFor,
  type EventRecord,
  type PayOptions,
  type StripeEmulator,
  type StripeEmulatorOptions,
} from './emulator';
export {
  DEFAULT_STRIPE_EMULATOR_PORT,
  DEFAULT_STRIPE_WEBHOOK_URL,
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
} from './constants';
export { TEST_CARDS, type TestCard } from './test-cards';
export type { PaymentAttempt } from './state';
export type { CardFormErrors } from './card-form';
export type {
  DeliveryAttempt,
  DeliveryStatus,
  DeliveryTrigger,
  ReleaseOrder,
  WebhookDelivery,
  WebhookRetryPolicy,
} from './webhook-delivery';
export type * from './objects';
export { stripeSignatureHeader } from './webhook-signature';
