/** Where the API is when nothing else says so: the local stack of `npm start`. */
export const DEFAULT_API_URL = 'http://localhost:3000';

/** Deployed next to index.html by the infrastructure, so one build serves every stage. */
export const RUNTIME_CONFIG_PATH = '/config.json';

function asHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The API base URL: `VITE_API_URL` when the build set it, else `apiUrl` from `/config.json`,
 * else {@link DEFAULT_API_URL}. A missing or broken config file is not an error.
 */
export async function resolveApiUrl(
  buildTimeUrl: string | undefined,
  loadRuntimeConfig: () => Promise<unknown>,
): Promise<string> {
  const fromBuild = asHttpUrl(buildTimeUrl);
  if (fromBuild) return fromBuild;
  try {
    const config = await loadRuntimeConfig();
    const fromRuntime =
      config && typeof config === 'object' ? asHttpUrl((config as { apiUrl?: unknown }).apiUrl) : undefined;
    if (fromRuntime) return fromRuntime;
  } catch {
    // No config file (local dev) or not JSON (an SPA fallback page): use the default.
  }
  return DEFAULT_API_URL;
}

/** Reads `/config.json` from the storefront's own origin. */
export async function fetchRuntimeConfig(): Promise<unknown> {
  const response = await fetch(RUNTIME_CONFIG_PATH, { headers: { Accept: 'application/json' }, cache: 'no-cache' });
  if (!response.ok) return undefined;
  return response.json();
}
