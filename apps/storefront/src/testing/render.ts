/** Mounts the whole app against the spec-typed MSW mock API, as a browser would run it. */
import { createApiClient } from '@tth/contracts';
import { createMockApi, createMockServer, type MockApi } from '@tth/contracts/testing';
import { http, type HttpHandler } from 'msw';
import { h, render } from 'preact';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { App } from '../app';
import { newIdempotencyKey } from '../idempotency';
import type { Services } from '../services';

export const API_URL = 'http://api.storefront.test';

const mounted: HTMLElement[] = [];

export interface MockApiHarness {
  readonly api: MockApi;
  readonly server: ReturnType<typeof createMockServer>;
}

/** One mock API per test file: listening before, reset after every test, closed at the end. */
export function setupMockApi(): MockApiHarness {
  const api = createMockApi({ baseUrl: API_URL });
  const server = createMockServer(api);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    for (const container of mounted.splice(0)) {
      render(null, container);
      container.remove();
    }
    server.resetHandlers();
    api.state.reset();
    localStorage.clear();
    document.title = '';
  });
  afterAll(() => server.close());
  return { api, server };
}

export interface RenderedApp {
  readonly container: HTMLElement;
  /** URLs the app sent the browser to (Stripe Checkout). */
  readonly redirects: string[];
}

export function renderApp(path: string, overrides: Partial<Services> = {}): RenderedApp {
  history.replaceState(null, '', path);
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  const redirects: string[] = [];
  const services: Services = {
    api: createApiClient(API_URL),
    redirect: (url) => redirects.push(url),
    storage: localStorage,
    // Fast polls keep the tests quick; nothing asserts on timing.
    pollIntervalMs: 5,
    maxPollIntervalMs: 40,
    availabilityRefreshMs: 0,
    newIdempotencyKey,
    ...overrides,
  };
  render(h(App, { services }), container);
  return { container, redirects };
}

/**
 * Holds every request to a path until `release()`: a slow network whose "later" the test
 * decides, so the loading state is observed without depending on timing.
 */
export function holdRequests(
  method: 'get' | 'post',
  path: string,
): { readonly handler: HttpHandler; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const handler = http[method](`${API_URL}${path}`, async () => {
    await gate;
    return undefined;
  });
  return { handler, release };
}
