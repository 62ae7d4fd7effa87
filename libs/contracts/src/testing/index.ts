/** `@tth/contracts/testing`: typed fixtures and the MSW mock API, for tests and the storefront's mock mode. */
export {
  demoCatalog,
  demoIds,
  makeOrder,
  makeOrderToken,
  ORDER_STATUSES,
  toEventSummary,
  withSaleStatus,
} from './fixtures';
export { createMockApi, type MockApi, type MockApiOptions } from './handlers';
export { createMockServer } from './node';
