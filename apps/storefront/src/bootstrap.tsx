import './styles.css';
import { createApiClient } from '@tth/contracts';
import { render } from 'preact';
import { App } from './app';
import { newIdempotencyKey } from './idempotency';
import type { Services } from './services';

/** localStorage, or a memory stand-in where the browser refuses it (some private modes). */
function safeStorage(): Services['storage'] {
  try {
    return window.localStorage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (key) => memory.get(key) ?? null, setItem: (key, value) => void memory.set(key, value) };
  }
}

/** The production wiring of the app's services. */
export function browserServices(apiUrl: string): Services {
  return {
    api: createApiClient(apiUrl),
    redirect: (url) => window.location.assign(url),
    storage: safeStorage(),
    pollIntervalMs: 1500,
    maxPollIntervalMs: 10_000,
    availabilityRefreshMs: 30_000,
    newIdempotencyKey,
  };
}

export function mountStorefront(root: HTMLElement, apiUrl: string): void {
  render(<App services={browserServices(apiUrl)} />, root);
}
