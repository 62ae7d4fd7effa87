/**
 * Two load shapes: a closed loop (N clients, each sending its next request as soon as the
 * previous one is answered, for a fixed time) and a burst (every request sent at the same
 * instant). Each request's latency is measured from its own start to its full answer.
 */
import { performance } from 'node:perf_hooks';

export interface Outcome {
  readonly ok: boolean;
  /** HTTP status, or `error` when there was no answer (refused, reset, timed out). */
  readonly status: number | 'error';
}

export interface Sample {
  /** Offset from the start of the measured window (closed loop) or of the burst. */
  readonly startedAtMs: number;
  readonly completedAtMs: number;
  readonly latencyMs: number;
  readonly outcome: Outcome;
}

export interface ClosedLoopOptions {
  readonly connections: number;
  readonly durationMs: number;
  /** Run before the measured window; its requests are made but not measured. */
  readonly warmupMs?: number;
  /** Called once when the measured window starts (e.g. to snapshot CPU counters). */
  readonly onWindowStart?: () => void;
}

export interface ClosedLoopResult {
  /** Requests started inside the measured window (they are all awaited). */
  readonly samples: readonly Sample[];
  readonly warmupRequests: number;
  readonly windowMs: number;
  /** Most requests ever in flight at once (never above `connections`). */
  readonly maxInFlight: number;
}

/** A task answers with an outcome; a thrown error counts as `{ ok: false, status: 'error' }`. */
export type Task = (sequence: number) => Promise<Outcome>;

async function timed(
  task: Task,
  sequence: number,
  origin: number,
  started: number = performance.now(),
): Promise<Sample> {
  let outcome: Outcome;
  try {
    outcome = await task(sequence);
  } catch {
    outcome = { ok: false, status: 'error' };
  }
  const completed = performance.now();
  return { startedAtMs: started - origin, completedAtMs: completed - origin, latencyMs: completed - started, outcome };
}

export async function runClosedLoop(options: ClosedLoopOptions, task: Task): Promise<ClosedLoopResult> {
  if (options.connections < 1) throw new RangeError('a closed loop needs at least one connection');
  const warmupMs = options.warmupMs ?? 0;
  const origin = performance.now();
  const windowStart = origin + warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const samples: Sample[] = [];
  let warmupRequests = 0;
  let sequence = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  let windowStarted = false;
  const client = async () => {
    for (;;) {
      // One clock reading decides the phase and is the request's start: no request can start
      // outside the phase it is counted in.
      const started = performance.now();
      if (started >= windowEnd) break;
      const inWarmup = started < windowStart;
      if (!inWarmup && !windowStarted) {
        windowStarted = true;
        options.onWindowStart?.();
      }
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const sample = await timed(task, sequence++, windowStart, started);
      inFlight--;
      if (inWarmup) warmupRequests++;
      else samples.push(sample);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  return { samples, warmupRequests, windowMs: options.durationMs, maxInFlight };
}

export interface BurstResult {
  readonly samples: readonly Sample[];
  /** From the first request sent to the last answer received. */
  readonly totalMs: number;
}

/** Starts every task in the same tick and waits for all of them. */
export async function runBurst(tasks: readonly Task[]): Promise<BurstResult> {
  const origin = performance.now();
  const samples = await Promise.all(tasks.map((task, index) => timed(task, index, origin)));
  return { samples, totalMs: performance.now() - origin };
}

/** The completion offset of the `n`-th successful sample (1-based), or undefined if fewer succeeded. */
export function nthSuccessAtMs(samples: readonly Sample[], n: number): number | undefined {
  const successes = samples
    .filter((sample) => sample.outcome.ok)
    .map((sample) => sample.completedAtMs)
    .sort((a, b) => a - b);
  return successes[n - 1];
}

/** How many samples ended with each status, e.g. `{ "201": 98, "409": 2 }`. */
export function statusCounts(samples: readonly Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sample of samples)
    counts[String(sample.outcome.status)] = (counts[String(sample.outcome.status)] ?? 0) + 1;
  return counts;
}

/** Runs `task` over `items` with at most `limit` at a time (set-up work, not measured), results in order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
