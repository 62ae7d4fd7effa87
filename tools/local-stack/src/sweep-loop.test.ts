import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SweepResult } from '@tth/orders';
import { startSweepLoop } from './sweep-loop';

const RESULT: SweepResult = { expired: 1, skipped: 0, stuckOrders: 0 };

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('startSweepLoop', () => {
  it('runs the sweep once per interval and reports each result', async () => {
    const run = vi.fn(async () => RESULT);
    const results: SweepResult[] = [];
    const loop = startSweepLoop({ run, intervalMs: 1000, onResult: (result) => results.push(result) });

    await vi.advanceTimersByTimeAsync(3500);

    expect(run).toHaveBeenCalledTimes(3);
    expect(results).toEqual([RESULT, RESULT, RESULT]);
    await loop.stop();
  });

  it('keeps going after a failed run and reports the error', async () => {
    const run = vi
      .fn<() => Promise<SweepResult>>()
      .mockRejectedValueOnce(new Error('DynamoDB unavailable'))
      .mockResolvedValue(RESULT);
    const errors: unknown[] = [];
    const loop = startSweepLoop({ run, intervalMs: 1000, onError: (error) => errors.push(error) });

    await vi.advanceTimersByTimeAsync(2500);

    expect(run).toHaveBeenCalledTimes(2);
    expect(errors).toEqual([new Error('DynamoDB unavailable')]);
    await loop.stop();
  });

  it('never runs two sweeps at once: runNow waits for the run in progress', async () => {
    let active = 0;
    let maxActive = 0;
    const run = vi.fn(async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((done) => setTimeout(done, 800));
      active -= 1;
      return RESULT;
    });
    const loop = startSweepLoop({ run, intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(1100);

    const now = loop.runNow();
    await vi.advanceTimersByTimeAsync(2000);

    await expect(now).resolves.toEqual(RESULT);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(1000);
    await stopped;
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
  });

  it('stops scheduling after stop()', async () => {
    const run = vi.fn(async () => RESULT);
    const loop = startSweepLoop({ run, intervalMs: 1000 });

    await loop.stop();
    await vi.advanceTimersByTimeAsync(5000);

    expect(run).not.toHaveBeenCalled();
    await expect(loop.runNow()).rejects.toThrow('The sweep loop is stopped');
  });

  it('refuses an interval that is not a positive whole number of milliseconds', () => {
    expect(() => startSweepLoop({ run: async () => RESULT, intervalMs: 0 })).toThrow(RangeError);
  });
});
