import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '@tth/contracts';

/** Everything the pages need from the outside world, injected so tests control it. */
export interface Services {
  readonly api: ApiClient;
  /** Leaves the storefront for a URL (Stripe Checkout). */
  readonly redirect: (url: string) => void;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** First delay between two reads of an order; it grows while nothing changes. */
  readonly pollIntervalMs: number;
  /** The longest delay between two reads of an order. */
  readonly maxPollIntervalMs: number;
  /** How often an open event page refreshes its availability (0: never). */
  readonly availabilityRefreshMs: number;
  readonly newIdempotencyKey: () => string;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices needs a <ServicesContext.Provider>');
  return services;
}
