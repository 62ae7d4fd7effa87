import { describe, expect, it } from 'vitest';
import { CheckoutAttempts, newIdempotencyKey } from './idempotency';

describe('newIdempotencyKey', () => {
  it('makes distinct keys inside the contract pattern', () => {
    // Act
    const keys = Array.from({ length: 50 }, newIdempotencyKey);

    // Assert
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('CheckoutAttempts', () => {
  const counter = () => {
    let n = 0;
    return () => `key-${String(++n).padStart(4, '0')}`;
  };

  it('reuses the key for the same body until the attempt is settled', () => {
    // Arrange
    const attempts = new CheckoutAttempts(counter());
    const body = { items: [{ ticketTypeId: 'vip', quantity: 1 }] };

    // Act
    const first = attempts.keyFor(body);
    const retry = attempts.keyFor({ items: [{ ticketTypeId: 'vip', quantity: 1 }] });
    attempts.settle();
    const afterSettle = attempts.keyFor(body);

    // Assert
    expect(retry).toBe(first);
    expect(afterSettle).not.toBe(first);
  });

  it('starts a new attempt when the body changes', () => {
    // Arrange
    const attempts = new CheckoutAttempts(counter());

    // Act
    const first = attempts.keyFor({ quantity: 1 });
    const changed = attempts.keyFor({ quantity: 2 });

    // Assert
    expect(changed).not.toBe(first);
  });
});
