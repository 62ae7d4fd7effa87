/**
 * Local stand-ins for the third parties: Stripe (API subset, hosted Checkout page, signed
 * webhooks) and the ticket fulfillment provider. Used by the local stack, e2e and integration tests.
 */
export * from './stripe';
export * from './fulfillment';
