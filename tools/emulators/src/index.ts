/**
 * Local stand-ins for the third parties: Stripe (API subset, hosted Checkout page, signed
 * webhooks) and the ticket fulfillment provider. Used by the local stack, e2e and integration tests.
 */
export {
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  startStripeEmulator,
  TEST_CARDS,
  type StripeEmulator,
  type TestCard,
} from './stripe';
export {
  LOCAL_FULFILLMENT_API_KEY,
  startFulfillmentEmulator,
  type FaultConfig,
  type FulfillmentEmulator,
} from './fulfillment';
