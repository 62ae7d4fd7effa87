/** The figures the issue judges, each with its target and a PASS/MISS verdict. */

export type Comparison = 'at-least' | 'at-most' | 'equals';
export type Unit = 'orders/s' | 'ms' | 'ratio' | 'bytes' | 'score' | 'count';
export type Verdict = 'PASS' | 'MISS' | 'NOT RUN';

export interface Target {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly comparison: Comparison;
  readonly threshold: number;
}

export interface TargetResult extends Target {
  /** Absent when the benchmark did not run (or could not measure it). */
  readonly value?: number;
  readonly verdict: Verdict;
  /** A short why for a MISS, when the bench knows it (e.g. the largest part of a bundle). */
  readonly note?: string;
}

export function evaluate(target: Target, value: number | undefined, note?: string): TargetResult {
  if (value === undefined || !Number.isFinite(value)) return { ...target, verdict: 'NOT RUN' };
  const pass =
    target.comparison === 'at-least'
      ? value >= target.threshold
      : target.comparison === 'at-most'
        ? value <= target.threshold
        : value === target.threshold;
  return { ...target, value, verdict: pass ? 'PASS' : 'MISS', ...(note && !pass ? { note } : {}) };
}

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'orders/s':
      return `${value.toFixed(1)} orders/s`;
    case 'ms':
      return `${value.toFixed(1)} ms`;
    case 'ratio':
      return `${value.toFixed(2)}×`;
    case 'bytes':
      return formatBytes(value);
    case 'score':
      return value.toFixed(0);
    case 'count':
      return value.toFixed(0);
  }
}

/** 1 KB = 1024 bytes; the exact byte count is kept alongside when it matters. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function formatTarget(target: Target): string {
  const symbol = target.comparison === 'at-least' ? '≥' : target.comparison === 'at-most' ? '≤' : '=';
  const threshold =
    target.unit === 'bytes'
      ? `${formatBytes(target.threshold)} (${target.threshold} B)`
      : formatValue(target.threshold, target.unit);
  return `${symbol} ${threshold}`;
}
