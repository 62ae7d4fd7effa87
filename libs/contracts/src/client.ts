import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './generated/openapi';

export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Headers sent with every request. */
  readonly headers?: Record<string, string>;
  /** Replaces fetch (tests); by default `globalThis.fetch` is looked up at request time. */
  readonly fetch?: (request: Request) => Promise<Response>;
  readonly middleware?: readonly Middleware[];
}

/**
 * The one typed client for the API. `globalThis.fetch` is read on every request,
 * not captured here, so MSW (and any later fetch patch) sees the calls.
 */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: options.headers,
    fetch: (request: Request) => (options.fetch ?? globalThis.fetch)(request),
  });
  for (const middleware of options.middleware ?? []) client.use(middleware);
  return client;
}
