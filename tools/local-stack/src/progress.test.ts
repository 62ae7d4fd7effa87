import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, StartupError, type ProgressOutput } from './progress';

function collector(): ProgressOutput & { lines: string[]; transients: string[] } {
  const lines: string[] = [];
  const transients: string[] = [];
  return { lines, transients, line: (text) => lines.push(text), transient: (text) => transients.push(text) };
}

/** A clock that advances by the given steps, one per reading. */
function steppingClock(...readings: number[]): () => number {
  let index = 0;
  return () => readings[Math.min(index++, readings.length - 1)] ?? 0;
}

describe('createProgress', () => {
  it('prints a ✓ line with the component, the time it took and its detail', async () => {
    const output = collector();
    const progress = createProgress(output, steppingClock(1000, 3500));

    const result = await progress.step(
      'DynamoDB Local',
      async () => 'http://127.0.0.1:8000',
      (endpoint) => endpoint,
    );

    expect(result).toBe('http://127.0.0.1:8000');
    expect(output.transients).toEqual(['  … DynamoDB Local']);
    expect(output.lines).toHaveLength(1);
    expect(output.lines[0]).toMatch(/^ {2}✓ DynamoDB Local +2\.5 s {3}http:\/\/127\.0\.0\.1:8000$/);
  });

  it('prints a ✗ line with the reason and rethrows it as a StartupError naming the component', async () => {
    const output = collector();
    const progress = createProgress(output, steppingClock(0, 120));

    const failure = await progress
      .step('API', () => Promise.reject(new Error('listen EADDRINUSE')))
      .catch((error: unknown) => error);

    expect(output.lines).toEqual(['  ✗ API (after 120 ms): listen EADDRINUSE']);
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).message).toBe('API failed to start: listen EADDRINUSE');
    expect((failure as StartupError).cause).toBeInstanceOf(Error);
  });
});

describe('formatDuration', () => {
  it('shows milliseconds below a second and tenths of seconds above', () => {
    expect(formatDuration(83.4)).toBe('83 ms');
    expect(formatDuration(9420)).toBe('9.4 s');
  });
});
