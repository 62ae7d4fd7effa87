/**
 * Faults the provider emulator can inject, so retries, timeouts and the dead-letter path run
 * for real. Rates are probabilities per call (0 = never, 1 = always).
 */
export interface FaultConfig {
  /** POST /v1/issuances answers 503 before issuing anything. */
  readonly failureRate?: number;
  /** POST /v1/issuances issues the tickets and then never answers (the connection is dropped later). */
  readonly timeoutRate?: number;
  /** Every /v1 call waits this long before it is handled. */
  readonly latencyMs?: number;
  /** Every /v1 call answers 503. */
  readonly outage?: boolean;
}

export type Faults = Required<FaultConfig>;

export const NO_FAULTS: Faults = Object.freeze({ failureRate: 0, timeoutRate: 0, latencyMs: 0, outage: false });

const MAX_LATENCY_MS = 120_000;

export class FaultConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultConfigError';
  }
}

/** Applies a partial change to the current faults; anything invalid is refused with a message. */
export function withFaults(current: Faults, changes: unknown): Faults {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes))
    throw new FaultConfigError('faults must be an object');
  const next: { -readonly [K in keyof Faults]: Faults[K] } = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    switch (key) {
      case 'failureRate':
      case 'timeoutRate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1))
          throw new FaultConfigError(`${key} must be a number from 0 to 1`);
        next[key] = value;
        break;
      case 'latencyMs':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_LATENCY_MS) {
          throw new FaultConfigError(`latencyMs must be an integer from 0 to ${MAX_LATENCY_MS}`);
        }
        next.latencyMs = value;
        break;
      case 'outage':
        if (typeof value !== 'boolean') throw new FaultConfigError('outage must be true or false');
        next.outage = value;
        break;
      default:
        throw new FaultConfigError(`unknown fault "${key}" (known: failureRate, timeoutRate, latencyMs, outage)`);
    }
  }
  return Object.freeze(next);
}
