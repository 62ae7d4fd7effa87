import { describe, expect, it } from 'vitest';
import { matchOperation, parseJsonBody, validateParameters, validateRequestBody } from './request';

const validOrder = {
  eventId: 'aurora-live-2027',
  customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
  items: [{ ticketTypeId: 'standing', quantity: 2 }],
};

describe('validateRequestBody(createOrder)', () => {
  it.each([
    ['a minimal order', validOrder],
    [
      'ten line items of ten tickets',
      { ...validOrder, items: Array.from({ length: 10 }, (_, i) => ({ ticketTypeId: `tt-${i}`, quantity: 10 })) },
    ],
    [
      'a 254-character email',
      {
        ...validOrder,
        customer: { name: 'A', email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com` },
      },
    ],
  ])('accepts %s', (_label, body) => {
    // Act
    const result = validateRequestBody('createOrder', body);

    // Assert
    expect(result).toEqual({ ok: true, value: body });
  });

  it.each([
    ['a missing customer', { eventId: validOrder.eventId, items: validOrder.items }, '/body/customer', 'is required'],
    ['an unknown top-level property', { ...validOrder, price: 1 }, '/body/price', 'is not an allowed property'],
    [
      'an unknown customer property',
      { ...validOrder, customer: { ...validOrder.customer, admin: true } },
      '/body/customer/admin',
      'is not an allowed property',
    ],
    [
      'a bad email',
      { ...validOrder, customer: { name: 'Ada', email: 'not-an-email' } },
      '/body/customer/email',
      'must be a valid email address',
    ],
    [
      'a blank name',
      { ...validOrder, customer: { name: '   ', email: 'ada@example.com' } },
      '/body/customer/name',
      'has an invalid format',
    ],
    [
      'an over-long name',
      { ...validOrder, customer: { name: 'x'.repeat(101), email: 'ada@example.com' } },
      '/body/customer/name',
      'must be at most 100 characters long',
    ],
    [
      'quantity 0',
      { ...validOrder, items: [{ ticketTypeId: 'standing', quantity: 0 }] },
      '/body/items/0/quantity',
      'must be at least 1',
    ],
    [
      'quantity 11',
      { ...validOrder, items: [{ ticketTypeId: 'standing', quantity: 11 }] },
      '/body/items/0/quantity',
      'must be at most 10',
    ],
    [
      'a fractional quantity',
      { ...validOrder, items: [{ ticketTypeId: 'standing', quantity: 1.5 }] },
      '/body/items/0/quantity',
      'must be an integer',
    ],
    [
      'a quantity sent as a string',
      { ...validOrder, items: [{ ticketTypeId: 'standing', quantity: '2' }] },
      '/body/items/0/quantity',
      'must be an integer',
    ],
    ['no items', { ...validOrder, items: [] }, '/body/items', 'must have at least 1 item(s)'],
    [
      'eleven items',
      { ...validOrder, items: Array.from({ length: 11 }, () => ({ ticketTypeId: 'standing', quantity: 1 })) },
      '/body/items',
      'must have at most 10 items',
    ],
    [
      'an event id with bad characters',
      { ...validOrder, eventId: 'Robert"); DROP' },
      '/body/eventId',
      'has an invalid format',
    ],
    [
      'a client-supplied price',
      { ...validOrder, items: [{ ticketTypeId: 'standing', quantity: 1, price: 1 }] },
      '/body/items/0/price',
      'is not an allowed property',
    ],
    ['an array body', [validOrder], '/body', 'must be of type object'],
  ])('rejects %s', (_label, body, field, message) => {
    // Act
    const result = validateRequestBody('createOrder', body);

    // Assert
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toContainEqual({ field, message });
  });

  it('reports a missing body as required', () => {
    expect(validateRequestBody('createOrder', undefined)).toEqual({
      ok: false,
      issues: [{ field: '/body', message: 'is required' }],
    });
  });
});

describe('validateRequestBody(receiveStripeWebhook)', () => {
  it('accepts any Stripe event envelope', () => {
    const event = { id: 'evt_123', type: 'checkout.session.completed', data: { object: {} } };
    expect(validateRequestBody('receiveStripeWebhook', event)).toEqual({ ok: true, value: event });
  });

  it('rejects an envelope without a type', () => {
    const result = validateRequestBody('receiveStripeWebhook', { id: 'evt_123' });
    expect(!result.ok && result.issues).toEqual([{ field: '/body/type', message: 'is required' }]);
  });
});

describe('validateParameters', () => {
  it('coerces and defaults query parameters', () => {
    // Act
    const result = validateParameters('listEvents', { query: { cursor: 'abc_DEF-1' } });
    const limited = validateParameters('listEvents', { query: { limit: '5' } });

    // Assert
    expect(result).toEqual({ ok: true, value: { path: {}, query: { cursor: 'abc_DEF-1', limit: 20 }, header: {} } });
    expect(limited.ok && limited.value.query.limit).toBe(5);
  });

  it.each([
    ['limit 0', { limit: '0' }, '/query/limit', 'must be at least 1'],
    ['limit 51', { limit: '51' }, '/query/limit', 'must be at most 50'],
    ['a non-numeric limit', { limit: 'ten' }, '/query/limit', 'must be an integer'],
    ['a cursor with bad characters', { cursor: 'a/b' }, '/query/cursor', 'has an invalid format'],
  ])('rejects %s', (_label, query, field, message) => {
    const result = validateParameters('listEvents', { query });
    expect(!result.ok && result.issues).toContainEqual({ field, message });
  });

  it('matches header names case-insensitively and returns them as the spec spells them', () => {
    // Act
    const result = validateParameters('createOrder', {
      headers: { 'idempotency-KEY': 'key_12345678', 'x-other': 'ignored' },
    });

    // Assert
    expect(result).toEqual({ ok: true, value: { path: {}, query: {}, header: { 'Idempotency-Key': 'key_12345678' } } });
  });

  it('requires the Idempotency-Key header on createOrder', () => {
    const result = validateParameters('createOrder', { headers: {} });
    expect(!result.ok && result.issues).toEqual([{ field: '/header/idempotency-key', message: 'is required' }]);
  });

  it('rejects a short Idempotency-Key', () => {
    const result = validateParameters('createOrder', { headers: { 'Idempotency-Key': 'short' } });
    expect(!result.ok && result.issues).toContainEqual({
      field: '/header/idempotency-key',
      message: 'must be at least 8 characters long',
    });
  });

  it.each([
    ['getOrder', 'ord_01J9Z8Q4X5N6M7P8R9S0T1V2W3'],
    ['cancelOrder', 'ord_01J9Z8Q4X5N6M7P8R9S0T1V2W3'],
  ] as const)('accepts a well-formed order id on %s', (operationId, orderId) => {
    const result = validateParameters(operationId, { path: { orderId }, headers: {} });
    expect(result.ok).toBe(true);
  });

  it.each(['ord_123', 'ORD_01J9Z8Q4X5N6M7P8R9S0T1V2W3', 'ord_01J9Z8Q4X5N6M7P8R9S0T1V2WU', '../../etc/passwd'])(
    'rejects the order id %s',
    (orderId) => {
      const result = validateParameters('getOrder', { path: { orderId }, headers: {} });
      expect(!result.ok && result.issues.map((i) => i.field)).toContain('/path/orderId');
    },
  );

  it('rejects a malformed order token but lets a missing one through for the handler to answer 401', () => {
    const orderId = 'ord_01J9Z8Q4X5N6M7P8R9S0T1V2W3';
    expect(validateParameters('getOrder', { path: { orderId }, headers: {} }).ok).toBe(true);
    const bad = validateParameters('getOrder', { path: { orderId }, headers: { 'x-order-token': 'nope' } });
    expect(!bad.ok && bad.issues.map((i) => i.field)).toContain('/header/x-order-token');
  });

  it('leaves a missing or empty Stripe-Signature to the webhook handler (INVALID_SIGNATURE, ADR 024)', () => {
    expect(validateParameters('receiveStripeWebhook', { headers: {} }).ok).toBe(true);
    expect(validateParameters('receiveStripeWebhook', { headers: { 'stripe-signature': '' } }).ok).toBe(true);
  });
});

describe('parseJsonBody', () => {
  it.each([
    ['malformed JSON', '{"eventId":', 'is not valid JSON'],
    ['an empty body', '', 'is required'],
    ['no body', null, 'is required'],
  ])('turns %s into an issue', (_label, text, message) => {
    expect(parseJsonBody(text)).toEqual({ ok: false, issues: [{ field: '/body', message }] });
  });

  it('parses JSON', () => {
    expect(parseJsonBody('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe('matchOperation', () => {
  it('routes by path template and method', () => {
    // Act
    const match = matchOperation('GET', '/orders/ord_01J9Z8Q4X5N6M7P8R9S0T1V2W3');

    // Assert
    expect(match).toMatchObject({
      kind: 'match',
      operation: { operationId: 'getOrder' },
      pathParams: { orderId: 'ord_01J9Z8Q4X5N6M7P8R9S0T1V2W3' },
    });
  });

  it('prefers the longer literal route for cancel', () => {
    expect(matchOperation('POST', '/orders/ord_01J9Z8Q4X5N6M7P8R9S0T1V2W3/cancel')).toMatchObject({
      kind: 'match',
      operation: { operationId: 'cancelOrder' },
    });
  });

  it('answers method-not-allowed with the allowed methods', () => {
    expect(matchOperation('DELETE', '/orders')).toEqual({ kind: 'method-not-allowed', allowed: ['POST'] });
  });

  it.each(['/nope', '/orders/a/b/c', '/events/%E0%A4%A'])('does not match %s', (path) => {
    expect(matchOperation('GET', path)).toEqual({ kind: 'not-found' });
  });
});
