/**
 * Local stand-ins for the third parties: Stripe (API subset, hosted Checkout page, signed
 * webhooks), the ticket fulfillment provider, and Cognito (cognito-local, run as a child process,
 * with the organizers' pool). Used by the local stack, e2e and integration tests.
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
export {
  cognitoLocalClient,
  CognitoLocalError,
  DEFAULT_COGNITO_LOCAL_PORT,
  ensureLocalOrganizerPool,
  LOCAL_ORGANIZER,
  startCognitoLocal,
  type CognitoLocal,
  type LocalOrganizerPool,
} from './cognito';
