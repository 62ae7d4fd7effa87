import { setTimeout as sleep } from 'node:timers/promises';
/** Exponential back-off with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export interface BackoffPolicy {
  /** Upper bound of the first delay; it doubles with every further attempt. */
  readonly baseDelayMs: number;
  /** No delay is ever longer than this. */
  readonly maxDelayMs: number;
}

/** A number in [0, 1), like Math.random; injectable so tests decide the jitter. */
export type RandomSource = () => number;

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => sleep(ms);

/**
 * The delay before retry number `retry` (1 = the first retry): a uniformly random value between
 * 0 and min(maxDelayMs, baseDelayMs * 2^(retry-1)). Full jitter spreads the retries of many
 * workers that failed at the same moment, so a recovering provider is not hit in waves.
 */
export function fullJitterDelay(retry: number, policy: BackoffPolicy, random: RandomSource = Math.random): number {
  if (!Number.isInteger(retry) || retry < 1) throw new RangeError(`retry must be a positive integer (got ${retry})`);
  // The exponent is capped so the intermediate value stays finite for absurd retry numbers.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry - 1, 30));
  return Math.floor(random() * ceiling);
}
