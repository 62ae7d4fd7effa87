import { setupServer, type SetupServer } from 'msw/node';
import { createMockApi, type MockApi } from './handlers';

/**
 * An MSW server for Node tests over a mock API (a fresh one unless given).
 * Listen in `beforeAll`, `resetHandlers()` and `api.state.reset()` in `afterEach`, close in `afterAll`.
 */
export function createMockServer(api: MockApi = createMockApi()): SetupServer & { readonly api: MockApi } {
  return Object.assign(setupServer(...api.handlers), { api });
}
