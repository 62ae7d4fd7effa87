/** Local development defaults for the fulfillment provider emulator. */
export const DEFAULT_FULFILLMENT_EMULATOR_PORT = 12112;
export const LOCAL_FULFILLMENT_API_KEY = 'ful_local_tickets_to_heaven';
