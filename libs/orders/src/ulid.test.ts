import { describe, expect, it } from 'vitest';
import { ULID_PATTERN, ulid, ulidTime } from './ulid';
import { isOrderId, newOrderId } from './order-id';

describe('ulid', () => {
  it('is 26 Crockford base32 characters', () => {
    const id = ulid();

    expect(id).toHaveLength(26);
    expect(id).toMatch(ULID_PATTERN);
  });

  it('encodes its millisecond time so it can be read back', () => {
    const time = Date.UTC(2026, 10, 25, 12, 30, 45, 123);

    const id = ulid(time);

    expect(ulidTime(id)).toBe(time);
  });

  it('sorts lexically in time order', () => {
    const earlier = ulid(1_700_000_000_000);
    const later = ulid(1_700_000_000_001);

    expect(earlier < later).toBe(true);
  });

  it('draws 80 random bits: all-zero and all-one random sources give the extreme suffixes', () => {
    const zeros = ulid(0, (size) => new Uint8Array(size));
    const ones = ulid(0, (size) => new Uint8Array(size).fill(255));

    expect(zeros).toBe('0'.repeat(26));
    expect(ones).toBe(`${'0'.repeat(10)}${'Z'.repeat(16)}`);
  });

  it('does not repeat across many ids in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => ulid(1_700_000_000_000)));

    expect(ids.size).toBe(5000);
  });

  it('refuses times outside 48 bits', () => {
    expect(() => ulid(-1)).toThrow(RangeError);
    expect(() => ulid(2 ** 48)).toThrow(RangeError);
  });
});

describe('order ids', () => {
  it('match the contract pattern ord_ + ULID', () => {
    const id = newOrderId();

    expect(id).toMatch(/^ord_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isOrderId(id)).toBe(true);
  });

  it('rejects look-alikes', () => {
    expect(isOrderId('ord_0123456789ABCDEFGHJKMNPQRI')).toBe(false);
    expect(isOrderId('ORD_01J00000000000000000000000')).toBe(false);
    expect(isOrderId('ord_short')).toBe(false);
  });
});
