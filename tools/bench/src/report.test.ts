import { describe, expect, it } from 'vitest';
import { formatReport, latencyLine, table } from './report';
import { invariantsHeld, judge } from './results';
import { benchResults, latency } from './testing/fixtures';

describe('table', () => {
  it('pads every column to its widest cell and leaves no trailing spaces', () => {
    const lines = table([
      ['a', 'bbb', 'c'],
      ['dddd', 'e', ''],
    ]);

    expect(lines).toEqual(['  a     bbb  c', '  dddd  e']);
  });
});

describe('latencyLine', () => {
  it('shows p50, p95, p99 and max in ms', () => {
    expect(latencyLine(latency(10, 40))).toBe('p50 10.0 ms  p95 36.0 ms  p99 40.0 ms  max 44.0 ms');
  });
});

describe('formatReport', () => {
  it('prints the machine, each benchmark’s figures and a verdict per target', () => {
    const partial = benchResults();
    const report = formatReport({ ...partial, targets: judge(partial), invariantsHeld: invariantsHeld(partial) });

    expect(report).toContain('2 cores (Test CPU), 8 GiB, Node v20.20.2');
    expect(report).toContain('API p50 / bare p50 at 16 clients: 1.50×');
    expect(report).toContain('no oversell');
    expect(report).toMatch(/sum of the calls\s+13\.0 ms/);
    expect(report).toMatch(/API p50 − sum: HTTP, routing, validation, JSON, logs\s+7\.0 ms/);
    expect(report).toContain('sold out after      900.0 ms');
    expect(report).toMatch(/PASS\s+Order creation, sustained\s+120\.0 orders\/s\s+≥ 100\.0 orders\/s/);
    expect(report).toMatch(
      /MISS\s+Lambda orders, minified\s+317\.2 KB\s+≤ 100\.0 KB \(102400 B\)\s+← stripe is 239\.9 KB of it/,
    );
    expect(report).toContain('Invariants held: no oversell, exact sale-rush count, every webhook acknowledged.');
  });

  it('claims only the invariants of the benchmarks that ran', () => {
    const { rush: _rush, webhooks: _webhooks, ...ordersOnly } = benchResults();
    const report = formatReport({
      ...ordersOnly,
      targets: judge(ordersOnly),
      invariantsHeld: invariantsHeld(ordersOnly),
    });

    expect(report).toContain('Invariants held: no oversell.');
  });

  it('says loudly when an invariant broke', () => {
    const partial = benchResults({ failures: [{ benchmark: 'webhooks', message: 'Paying session cs_1 failed' }] });
    const report = formatReport({ ...partial, targets: judge(partial), invariantsHeld: invariantsHeld(partial) });

    expect(report).toContain('FAILED webhooks: Paying session cs_1 failed');
    expect(report).toContain('INVARIANTS BROKEN or a benchmark failed');
  });
});
