import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, round, summarize, throughputTimeline } from './stats';

describe('percentile (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it('returns the sample at rank ceil(p/100 · n) of 1..100', () => {
    const shuffled = [...oneToHundred].reverse();

    const figures = [50, 95, 99, 100].map((p) => percentile(shuffled, p));

    expect(figures).toEqual([50, 95, 99, 100]);
  });

  it('picks the slowest sample for p99 of fewer than 100 samples', () => {
    const samples = [12, 3, 7, 250, 9, 4, 5, 8, 6, 10];

    expect(percentile(samples, 99)).toBe(250);
    expect(percentile(samples, 95)).toBe(250);
    expect(percentile(samples, 90)).toBe(12);
  });

  it('only ever reports a latency that was measured', () => {
    const samples = [1.5, 2.5];

    expect(percentile(samples, 50)).toBe(1.5);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([5])).toBe(5);
  });

  it('refuses empty input, out-of-range percentiles and non-finite samples', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(/not a finite number/);
  });

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];

    percentile(samples, 50);

    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('summarize', () => {
  it('reports count, min, mean, p50, p95, p99 and max', () => {
    const samples = [...Array.from({ length: 98 }, () => 10), 40, 1000];

    const summary = summarize(samples);

    expect(summary).toEqual({
      count: 100,
      min: 10,
      mean: (98 * 10 + 40 + 1000) / 100,
      p50: 10,
      p95: 10,
      p99: 40,
      max: 1000,
    });
  });
});

describe('ratio', () => {
  it('divides, and has no value for a zero denominator', () => {
    expect(ratio(9, 4)).toBe(2.25);
    expect(ratio(1, 0)).toBeUndefined();
  });
});

describe('throughputTimeline', () => {
  it('counts completions per whole second and averages over the window', () => {
    const completions = [10, 500, 999, 1000, 1500, 2999, 3100];

    const timeline = throughputTimeline(completions, 3000);

    expect(timeline.perSecond).toEqual([3, 2, 1]);
    expect(timeline.mean).toBe(2);
    expect(timeline.min).toBe(1);
    expect(timeline.max).toBe(3);
  });

  it('counts a trailing partial second in the mean only', () => {
    const timeline = throughputTimeline([100, 1200, 2100, 2200], 2500);

    expect(timeline.perSecond).toEqual([1, 1]);
    expect(timeline.mean).toBe(4 / 2.5);
  });

  it('refuses an empty window', () => {
    expect(() => throughputTimeline([], 0)).toThrow(RangeError);
  });
});

describe('round', () => {
  it('rounds to the given decimals', () => {
    expect(round(12.345)).toBe(12.3);
    expect(round(1.236, 2)).toBe(1.24);
    expect(round(2.675, 0)).toBe(3);
  });
});
