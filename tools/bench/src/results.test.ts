import { describe, expect, it } from 'vitest';
import { invariantsHeld, judge } from './results';
import { benchResults, cleanAudit, ordersResult, rushResult, webhookResult } from './testing/fixtures';

const verdicts = (results: ReturnType<typeof benchResults>) =>
  Object.fromEntries(judge(results).map((target) => [target.id, target.verdict]));

describe('judge', () => {
  it('judges every figure the issue sets a target for', () => {
    const results = benchResults();

    const judged = verdicts(results);

    expect(judged).toEqual({
      'orders-throughput': 'PASS',
      'orders-oversell': 'PASS',
      'orders-ratio': 'PASS',
      'rush-success': 'PASS',
      'webhook-p99': 'PASS',
      'bundle-size-catalog': 'PASS',
      'bundle-init-catalog': 'PASS',
      'bundle-size-orders': 'MISS',
      'bundle-init-orders': 'PASS',
      'storefront-first-load-js': 'PASS',
      'lighthouse-performance-/': 'MISS',
      'lighthouse-accessibility-/': 'PASS',
    });
  });

  it('names the largest part of a bundle over budget and the failing audits of a low Lighthouse score', () => {
    const targets = judge(benchResults());

    expect(targets.find((target) => target.id === 'bundle-size-orders')?.note).toBe('stripe is 239.9 KB of it');
    expect(targets.find((target) => target.id === 'lighthouse-performance-/')?.note).toBe(
      'Avoid large layout shifts (1 layout shift found)',
    );
  });

  it('counts seats the counter lost but no order holds as audit problems', () => {
    const leaky = ordersResult({ audit: { ...cleanAudit, available: 390, seatsTaken: 610, ok: false } });

    const oversell = judge(benchResults({ orders: leaky })).find((target) => target.id === 'orders-oversell');

    expect(oversell).toMatchObject({ value: 10, verdict: 'MISS' });
  });

  it('reports NOT RUN for benchmarks that did not run', () => {
    const {
      orders: _orders,
      rush: _rush,
      webhooks: _webhooks,
      storefront: _storefront,
      bundles: _bundles,
      ...none
    } = benchResults();

    const judged = verdicts(none);

    expect(Object.values(judged).every((verdict) => verdict === 'NOT RUN')).toBe(true);
    expect(Object.keys(judged)).toEqual([
      'orders-throughput',
      'orders-oversell',
      'orders-ratio',
      'rush-success',
      'webhook-p99',
      'storefront-first-load-js',
    ]);
  });
});

describe('invariantsHeld', () => {
  it('holds for a clean run and breaks on an oversell, a wrong rush count, a lost webhook or a failed benchmark', () => {
    const clean = benchResults();

    expect(invariantsHeld(clean)).toBe(true);
    expect(invariantsHeld({ ...clean, orders: ordersResult({ audit: { ...cleanAudit, ok: false } }) })).toBe(false);
    expect(invariantsHeld({ ...clean, rush: { ...rushResult, succeeded: 101, ok: false } })).toBe(false);
    expect(invariantsHeld({ ...clean, webhooks: { ...webhookResult, ok: false } })).toBe(false);
    expect(invariantsHeld({ ...clean, failures: [{ benchmark: 'orders', message: 'API did not start' }] })).toBe(false);
  });
});
