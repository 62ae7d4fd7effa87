/**
 * Latency and throughput arithmetic for the benchmarks. Percentiles use the nearest-rank
 * method (the smallest sample with at least p % of the samples at or below it), so every
 * reported figure is a latency that really happened.
 */

export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of already sorted values; `p` in (0, 100]. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sortedCopy(values), p);
}

/** The middle value (the lower of the two middle ones for an even count, i.e. nearest-rank p50). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) throw new RangeError('summary of no samples');
  const sorted = sortedCopy(values);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] as number,
    mean: total / sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: sorted[sorted.length - 1] as number,
  };
}

/** `numerator / denominator`, or undefined when the denominator is 0 (no meaningful ratio). */
export function ratio(numerator: number, denominator: number): number | undefined {
  return denominator === 0 ? undefined : numerator / denominator;
}

export interface ThroughputTimeline {
  /** Completions per whole second of the window, in order. */
  readonly perSecond: readonly number[];
  /** Completions in the window divided by its length in seconds. */
  readonly mean: number;
  /** The slowest whole second (the "sustained" floor). */
  readonly min: number;
  readonly max: number;
}

/**
 * Completions per second over a window of `windowMs` starting at 0. `completedAtMs` are offsets
 * from the window start; those outside the window are ignored. A trailing partial second is
 * left out of the per-second figures but counted in the mean.
 */
export function throughputTimeline(completedAtMs: readonly number[], windowMs: number): ThroughputTimeline {
  if (!(windowMs > 0)) throw new RangeError('window must be longer than 0 ms');
  const wholeSeconds = Math.floor(windowMs / 1000);
  const perSecond = new Array<number>(wholeSeconds).fill(0);
  let inWindow = 0;
  for (const at of completedAtMs) {
    if (at < 0 || at >= windowMs) continue;
    inWindow++;
    const second = Math.floor(at / 1000);
    if (second < wholeSeconds) perSecond[second] = (perSecond[second] as number) + 1;
  }
  return {
    perSecond,
    mean: inWindow / (windowMs / 1000),
    min: perSecond.length > 0 ? Math.min(...perSecond) : inWindow / (windowMs / 1000),
    max: perSecond.length > 0 ? Math.max(...perSecond) : inWindow / (windowMs / 1000),
  };
}

/** Rounds for display and JSON: milliseconds to 0.1 ms, ratios to 0.01. */
export function round(value: number, decimals = 1): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function sortedCopy(values: readonly number[]): number[] {
  for (const value of values) if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return [...values].sort((a, b) => a - b);
}
