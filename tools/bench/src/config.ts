import { ConfigError, env, loadConfig, SettingProblem, type Env, type Setting } from '@tth/runtime';

export const BENCHMARKS = ['bundles', 'storefront', 'orders', 'rush', 'webhooks'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

function benchmarkList(name: string): Setting<readonly BenchmarkName[]> {
  return {
    read: (source) => {
      const raw = source[name]?.trim();
      if (!raw) return BENCHMARKS;
      const wanted = raw
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean);
      const unknown = wanted.filter((entry) => !(BENCHMARKS as readonly string[]).includes(entry));
      if (unknown.length > 0)
        throw new SettingProblem(
          `${name} lists unknown benchmarks: ${unknown.join(', ')} (known: ${BENCHMARKS.join(', ')})`,
        );
      // Always run in the documented order, whatever order they were listed in.
      return BENCHMARKS.filter((benchmark) => wanted.includes(benchmark));
    },
  };
}

function secondaryDuration(name: string, primaryName: string): Setting<number> {
  return {
    read: (source) => {
      const primary = Number(source[primaryName]?.trim() || 30);
      const fallback = Number.isInteger(primary) && primary > 0 ? Math.min(10, primary) : 10;
      return env.integer(name, { default: fallback, min: 0, max: 3600 }).read(source);
    },
  };
}

const spec = {
  only: benchmarkList('BENCH_ONLY'),
  /** The measured order-creation load, after the warm-up. */
  durationS: env.integer('BENCH_DURATION_S', { default: 30, min: 1, max: 3600 }),
  /** Load before the measured window: DynamoDB Local's JVM needs ~25 s of it to reach steady state. */
  warmupS: env.integer('BENCH_WARMUP_S', { default: 30, min: 0, max: 600 }),
  /** Closed-loop clients (each sends its next order when the previous one is answered). */
  connections: env.integer('BENCH_CONNECTIONS', { default: 16, min: 1, max: 1000 }),
  /** The bare-transaction and response-validation runs; default min(10, BENCH_DURATION_S); 0 skips them. */
  secondaryDurationS: secondaryDuration('BENCH_SECONDARY_DURATION_S', 'BENCH_DURATION_S'),
  /** Sequential requests for the unloaded (one at a time) latency comparison. */
  sequentialSamples: env.integer('BENCH_SEQUENTIAL_SAMPLES', { default: 200, min: 0, max: 100_000 }),
  rushBuyers: env.integer('BENCH_RUSH_BUYERS', { default: 1000, min: 1, max: 10_000 }),
  rushSeats: env.integer('BENCH_RUSH_SEATS', { default: 100, min: 1, max: 10_000 }),
  webhooks: env.integer('BENCH_WEBHOOKS', { default: 200, min: 1, max: 5000 }),
  initRuns: env.integer('BENCH_INIT_RUNS', { default: 10, min: 1, max: 1000 }),
  outDir: env.string('BENCH_OUT_DIR', { default: 'dist/bench' }),
};

export interface BenchConfig {
  readonly only: readonly BenchmarkName[];
  readonly durationS: number;
  readonly warmupS: number;
  readonly connections: number;
  readonly secondaryDurationS: number;
  readonly sequentialSamples: number;
  readonly rushBuyers: number;
  readonly rushSeats: number;
  readonly webhooks: number;
  readonly initRuns: number;
  /** Relative to the workspace root unless absolute. */
  readonly outDir: string;
}

/** Reads BENCH_* from the environment; fails naming every bad setting. */
export function loadBenchConfig(source: Env = process.env): BenchConfig {
  const config = loadConfig(spec, source);
  if (config.rushSeats >= config.rushBuyers)
    throw new ConfigError(['BENCH_RUSH_SEATS must be below BENCH_RUSH_BUYERS (a rush has more buyers than seats)']);
  return config;
}
