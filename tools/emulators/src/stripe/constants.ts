/** Local development defaults, shared by the emulator, the API's local config and the tests. */
export const DEFAULT_STRIPE_EMULATOR_PORT = 12111;
export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_local_tickets_to_heaven';
export const LOCAL_STRIPE_WEBHOOK_SECRET = 'whsec_local_tickets_to_heaven_dev';
export const DEFAULT_STRIPE_WEBHOOK_URL = 'http://localhost:3000/webhooks/stripe';
