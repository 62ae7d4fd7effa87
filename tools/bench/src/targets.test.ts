import { describe, expect, it } from 'vitest';
import { evaluate, formatBytes, formatTarget, formatValue, type Target } from './targets';

const throughput: Target = {
  id: 'orders-throughput',
  label: 'Orders/s sustained',
  unit: 'orders/s',
  comparison: 'at-least',
  threshold: 100,
};
const webhookP99: Target = {
  id: 'webhook-p99',
  label: 'Webhook ack p99',
  unit: 'ms',
  comparison: 'at-most',
  threshold: 20,
};
const rush: Target = { id: 'rush', label: 'Rush successes', unit: 'count', comparison: 'equals', threshold: 100 };

describe('evaluate', () => {
  it('passes at the threshold and misses beyond it, in the target’s direction', () => {
    expect(evaluate(throughput, 100).verdict).toBe('PASS');
    expect(evaluate(throughput, 99.9).verdict).toBe('MISS');
    expect(evaluate(webhookP99, 20).verdict).toBe('PASS');
    expect(evaluate(webhookP99, 20.1).verdict).toBe('MISS');
    expect(evaluate(rush, 100).verdict).toBe('PASS');
    expect(evaluate(rush, 101).verdict).toBe('MISS');
  });

  it('keeps the note of a miss only', () => {
    expect(evaluate(webhookP99, 35, 'DynamoDB Local is CPU-bound').note).toBe('DynamoDB Local is CPU-bound');
    expect(evaluate(webhookP99, 5, 'DynamoDB Local is CPU-bound').note).toBeUndefined();
  });

  it('reports NOT RUN without a value', () => {
    expect(evaluate(throughput, undefined)).toEqual({ ...throughput, verdict: 'NOT RUN' });
    expect(evaluate(throughput, Number.NaN).verdict).toBe('NOT RUN');
  });
});

describe('formatting', () => {
  it('formats values in their unit', () => {
    expect(formatValue(85.46, 'orders/s')).toBe('85.5 orders/s');
    expect(formatValue(12.34, 'ms')).toBe('12.3 ms');
    expect(formatValue(2.926, 'ratio')).toBe('2.93×');
    expect(formatValue(95, 'score')).toBe('95');
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(324_799)).toBe('317.2 KB');
  });

  it('states the target with its direction and, for sizes, the exact bytes', () => {
    expect(formatTarget(throughput)).toBe('≥ 100.0 orders/s');
    expect(formatTarget({ id: 'size', label: 'size', unit: 'bytes', comparison: 'at-most', threshold: 102_400 })).toBe(
      '≤ 100.0 KB (102400 B)',
    );
    expect(formatTarget(rush)).toBe('= 100');
  });
});
