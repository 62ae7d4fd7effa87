import { describe, expect, it } from 'vitest';
import { canonicalJson, hashIdempotencyKey, openOrderToken, requestFingerprint, sealOrderToken } from './idempotency';
import { newOrderId } from './order-id';
import { newOrderToken } from './order-token';

const body = {
  eventId: 'rock-night',
  customer: { name: 'Ada', email: 'ada@example.com' },
  items: [
    { ticketTypeId: 'vip', quantity: 1 },
    { ticketTypeId: 'standing', quantity: 2 },
  ],
};

describe('request fingerprints', () => {
  it('ignore key order and whitespace', () => {
    const reordered = JSON.parse(
      '{ "items": [{"quantity":1,"ticketTypeId":"vip"},{"quantity":2,"ticketTypeId":"standing"}], "customer": {"email":"ada@example.com","name":"Ada"}, "eventId":"rock-night" }',
    ) as unknown;

    expect(requestFingerprint(reordered)).toBe(requestFingerprint(body));
  });

  it('change with any value, including letter case and item order', () => {
    const variants = [
      { ...body, eventId: 'rock-night-2' },
      { ...body, customer: { ...body.customer, email: 'ADA@example.com' } },
      { ...body, items: [...body.items].reverse() },
      { ...body, items: [{ ticketTypeId: 'vip', quantity: 2 }, body.items[1]] },
    ];

    const fingerprints = new Set([body, ...variants].map(requestFingerprint));

    expect(fingerprints.size).toBe(variants.length + 1);
  });

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

describe('idempotency keys', () => {
  it('are stored hashed', () => {
    const key = 'checkout-7f9c2a1b';

    expect(hashIdempotencyKey(key)).not.toContain(key);
    expect(hashIdempotencyKey(key)).toBe(hashIdempotencyKey(key));
    expect(hashIdempotencyKey(key)).not.toBe(hashIdempotencyKey(`${key}x`));
  });
});

describe('sealed order tokens', () => {
  it('open with the same Idempotency-Key and order id', () => {
    const token = newOrderToken();
    const orderId = newOrderId();

    const sealed = sealOrderToken(token, 'key-12345678', orderId);

    expect(sealed).not.toContain(token);
    expect(openOrderToken(sealed, 'key-12345678', orderId)).toBe(token);
  });

  it('do not open with another key or for another order', () => {
    const orderId = newOrderId();
    const sealed = sealOrderToken(newOrderToken(), 'key-12345678', orderId);

    expect(openOrderToken(sealed, 'key-12345679', orderId)).toBeUndefined();
    expect(openOrderToken(sealed, 'key-12345678', newOrderId())).toBeUndefined();
  });

  it('do not open when tampered with or truncated', () => {
    const orderId = newOrderId();
    const sealed = sealOrderToken(newOrderToken(), 'key-12345678', orderId);
    const raw = Buffer.from(sealed, 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;

    expect(openOrderToken(raw.toString('base64url'), 'key-12345678', orderId)).toBeUndefined();
    expect(openOrderToken(sealed.slice(0, 20), 'key-12345678', orderId)).toBeUndefined();
  });
});
