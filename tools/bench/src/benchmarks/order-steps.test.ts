import { describe, expect, it } from 'vitest';
import { instrumented } from './order-steps';

describe('instrumented', () => {
  it('times every method call by name, keeping the object as `this` and passing results and failures through', async () => {
    // Arrange
    class Repository {
      private readonly rows = new Map<string, number>([['a', 1]]);
      async get(key: string) {
        return this.rows.get(key);
      }
      async fail() {
        throw new Error('conditional check failed');
      }
    }
    const calls: [string, number][] = [];
    const repository = instrumented(new Repository(), 'orders', (call, ms) => calls.push([call, ms]));

    // Act
    const found = await repository.get('a');
    const failure = await repository.fail().catch((error: unknown) => error);

    // Assert
    expect(found).toBe(1);
    expect((failure as Error).message).toBe('conditional check failed');
    expect(calls.map(([call]) => call)).toEqual(['orders.get', 'orders.fail']);
    for (const [, ms] of calls) expect(ms).toBeGreaterThanOrEqual(0);
  });
});
