import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from './backoff';

describe('fullJitterDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('draws between zero and a ceiling that doubles with every retry', () => {
    // Arrange
    const highest = () => 0.999_999;

    // Act
    const ceilings = [1, 2, 3, 4].map((retry) => fullJitterDelay(retry, policy, highest));

    // Assert
    expect(ceilings).toEqual([99, 199, 399, 799]);
  });

  it('never exceeds the maximum delay', () => {
    // Arrange
    const highest = () => 0.999_999;

    // Act
    const delays = [5, 10, 64, 1_000].map((retry) => fullJitterDelay(retry, policy, highest));

    // Assert
    expect(delays).toEqual([999, 999, 999, 999]);
  });

  it('scales the ceiling by the random draw (full jitter, down to zero)', () => {
    // Arrange
    const draws = [0, 0.5];

    // Act
    const delays = draws.map((draw) => fullJitterDelay(3, policy, () => draw));

    // Assert
    expect(delays).toEqual([0, 200]);
  });

  it('rejects retry numbers below one', () => {
    // Arrange
    const invalid = [0, -1, 1.5];

    // Act
    const attempts = invalid.map((retry) => () => fullJitterDelay(retry, policy));

    // Assert
    for (const attempt of attempts) expect(attempt).toThrow(RangeError);
  });
});
