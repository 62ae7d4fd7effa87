import { describe, expect, it } from 'vitest';
import {
  mapWithConcurrency,
  nthSuccessAtMs,
  runBurst,
  runClosedLoop,
  statusCounts,
  type Outcome,
  type Sample,
  type Task,
} from './load';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const created: Outcome = { ok: true, status: 201 };

describe('runClosedLoop', () => {
  it('keeps at most `connections` requests in flight and measures only the window after the warm-up', async () => {
    let inFlight = 0;
    let peak = 0;
    const task: Task = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick();
      inFlight--;
      return created;
    };

    const result = await runClosedLoop({ connections: 4, durationMs: 60, warmupMs: 20 }, task);

    expect(peak).toBe(4);
    expect(result.maxInFlight).toBe(4);
    expect(result.warmupRequests).toBeGreaterThan(0);
    expect(result.samples.length).toBeGreaterThan(0);
    expect(result.samples.every((sample) => sample.startedAtMs >= 0 && sample.startedAtMs < 60)).toBe(true);
    expect(result.windowMs).toBe(60);
  });

  it('records a task that throws as an error outcome and carries on', async () => {
    let calls = 0;
    const task: Task = async () => {
      calls++;
      await tick();
      if (calls % 2 === 0) throw new Error('connection reset');
      return created;
    };

    const result = await runClosedLoop({ connections: 1, durationMs: 30 }, task);

    const counts = statusCounts(result.samples);
    expect(counts['error']).toBeGreaterThan(0);
    expect(counts['201']).toBeGreaterThan(0);
  });

  it('refuses zero connections', async () => {
    await expect(runClosedLoop({ connections: 0, durationMs: 10 }, async () => created)).rejects.toThrow(RangeError);
  });
});

describe('runBurst', () => {
  it('starts every task before any of them finishes', async () => {
    const count = 50;
    let started = 0;
    let release: () => void = () => undefined;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    const tasks: Task[] = Array.from({ length: count }, () => async () => {
      if (++started === count) release();
      await allStarted;
      return created;
    });

    const result = await runBurst(tasks);

    expect(result.samples).toHaveLength(count);
    expect(result.samples.every((sample) => sample.outcome.ok)).toBe(true);
    expect(result.totalMs).toBeGreaterThanOrEqual(Math.max(...result.samples.map((sample) => sample.completedAtMs)));
  });
});

describe('nthSuccessAtMs', () => {
  const sample = (completedAtMs: number, ok: boolean): Sample => ({
    startedAtMs: 0,
    completedAtMs,
    latencyMs: completedAtMs,
    outcome: { ok, status: ok ? 201 : 409 },
  });

  it('finds when the n-th success arrived, ignoring failures', () => {
    const samples = [sample(30, true), sample(5, false), sample(10, true), sample(20, true), sample(1, false)];

    expect(nthSuccessAtMs(samples, 1)).toBe(10);
    expect(nthSuccessAtMs(samples, 3)).toBe(30);
    expect(nthSuccessAtMs(samples, 4)).toBeUndefined();
  });
});

describe('mapWithConcurrency', () => {
  it('maps every item in order with at most `limit` running', async () => {
    let running = 0;
    let peak = 0;

    const results = await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
      return item * 10;
    });

    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });

  it('returns nothing for no items', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});
