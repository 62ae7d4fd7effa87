import { describe, expect, it } from 'vitest';
import { ORDER_TOKEN_PATTERN, hashOrderToken, newOrderToken, orderTokenMatches } from './order-token';

describe('order tokens', () => {
  it('are 256 bits as 43 base64url characters, as the contract requires', () => {
    const token = newOrderToken();

    expect(token).toMatch(ORDER_TOKEN_PATTERN);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('are different every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newOrderToken));

    expect(tokens.size).toBe(1000);
  });

  it('are stored as a hash that does not contain the token', () => {
    const token = newOrderToken();

    const hash = hashOrderToken(token);

    expect(hash).not.toContain(token);
    expect(hash).toHaveLength(43);
  });

  it('match only the token they were hashed from', () => {
    const token = newOrderToken();
    const stored = hashOrderToken(token);

    expect(orderTokenMatches(token, stored)).toBe(true);
    expect(orderTokenMatches(newOrderToken(), stored)).toBe(false);
    expect(orderTokenMatches(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, stored)).toBe(false);
  });

  it('never match a malformed stored hash', () => {
    expect(orderTokenMatches(newOrderToken(), 'short')).toBe(false);
    expect(orderTokenMatches('', '')).toBe(false);
  });
});
