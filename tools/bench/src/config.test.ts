import { describe, expect, it } from 'vitest';
import { ConfigError } from '@tth/runtime';
import { BENCHMARKS, loadBenchConfig } from './config';

describe('loadBenchConfig', () => {
  it('defaults to the full run the issue describes', () => {
    const config = loadBenchConfig({});

    expect(config).toMatchObject({
      only: BENCHMARKS,
      durationS: 30,
      warmupS: 30,
      secondaryDurationS: 10,
      rushBuyers: 1000,
      rushSeats: 100,
      webhooks: 200,
      initRuns: 10,
      outDir: 'dist/bench',
    });
  });

  it('shortens the secondary runs with a short quick run', () => {
    const config = loadBenchConfig({ BENCH_DURATION_S: '5' });

    expect(config.durationS).toBe(5);
    expect(config.secondaryDurationS).toBe(5);
  });

  it('runs the selected benchmarks in the documented order', () => {
    const config = loadBenchConfig({ BENCH_ONLY: 'webhooks, bundles' });

    expect(config.only).toEqual(['bundles', 'webhooks']);
  });

  it('names every bad setting at once', () => {
    const read = () =>
      loadBenchConfig({ BENCH_ONLY: 'orders,lighthouse', BENCH_DURATION_S: 'soon', BENCH_CONNECTIONS: '0' });

    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/BENCH_ONLY lists unknown benchmarks: lighthouse/);
    expect(read).toThrow(/BENCH_DURATION_S must be an integer/);
    expect(read).toThrow(/BENCH_CONNECTIONS must be at least 1/);
  });

  it('refuses a rush with at least as many seats as buyers', () => {
    expect(() => loadBenchConfig({ BENCH_RUSH_BUYERS: '100', BENCH_RUSH_SEATS: '100' })).toThrow(
      /BENCH_RUSH_SEATS must be below BENCH_RUSH_BUYERS/,
    );
  });
});
