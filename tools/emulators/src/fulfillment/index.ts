export {
  startFulfillmentEmulator,
  type FulfillmentEmulator,
  type FulfillmentEmulatorOptions,
  type FulfillmentStats,
  type IssuanceLog,
  type IssuanceRecord,
} from './emulator';
export { DEFAULT_FULFILLMENT_EMULATOR_PORT, LOCAL_FULFILLMENT_API_KEY } from './constants';
export { NO_FAULTS, type FaultConfig, type Faults } from './faults';
export { TICKET_CODE_PATTERN } from './ticket-codes';
