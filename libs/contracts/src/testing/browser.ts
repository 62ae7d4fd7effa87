/**
 * The MSW browser worker for the storefront's mock mode. Kept out of the `./testing` index (which
 * carries the Node server) so a browser bundle never resolves `msw/node`.
 */
import { setupWorker, type SetupWorker } from 'msw/browser';
import { createMockApi, type MockApi, type MockApiOptions, type MockSnapshot } from './handlers';

export interface MockWorkerOptions extends Omit<MockApiOptions, 'onChange'> {
  /** Where the worker script is served; default `/mockServiceWorker.js`. */
  readonly workerUrl?: string;
  /**
   * Keeps the mock state across page loads (a checkout redirect is a full navigation); default
   * `sessionStorage` under `tth:mock-api`. Pass `null` to start fresh on every load.
   */
  readonly storage?: KeyValueStorage | null;
}

export interface MockWorker {
  readonly worker: SetupWorker;
  readonly api: MockApi;
  /** Back to the demo catalog with no orders, and forget the saved state. */
  reset(): void;
}

/** The part of the Web Storage API the worker uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const STORAGE_KEY = 'tth:mock-api';

function loadSnapshot(storage: MockWorkerOptions['storage']): MockSnapshot | undefined {
  const saved = storage?.getItem(STORAGE_KEY);
  if (!saved) return undefined;
  try {
    return JSON.parse(saved) as MockSnapshot;
  } catch {
    storage?.removeItem(STORAGE_KEY);
    return undefined;
  }
}

/** Starts the worker with the spec-typed handlers; resolves once requests are intercepted. */
export async function startMockWorker(options: MockWorkerOptions = {}): Promise<MockWorker> {
  const storage =
    options.storage === undefined
      ? (globalThis as { sessionStorage?: KeyValueStorage }).sessionStorage
      : options.storage;
  const saved = loadSnapshot(storage);
  const api = createMockApi({
    ...options,
    onChange: (snapshot) => storage?.setItem(STORAGE_KEY, JSON.stringify(snapshot)),
  });
  if (saved) api.state.restore(saved);
  const worker = setupWorker(...api.handlers);
  await worker.start({
    serviceWorker: { url: options.workerUrl ?? '/mockServiceWorker.js' },
    // Only the API is mocked: the dev server's own modules, styles and pages pass through.
    onUnhandledRequest: 'bypass',
  });
  return {
    worker,
    api,
    reset: () => {
      worker.resetHandlers();
      api.state.reset();
    },
  };
}
