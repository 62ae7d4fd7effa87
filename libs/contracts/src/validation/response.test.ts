import { describe, expect, it } from 'vitest';
import { assertValidResponse, validateResponse } from './response';

const errorBody = { error: { code: 'NOT_FOUND', message: 'No such event', requestId: 'req-1' } };

describe('validateResponse', () => {
  it('accepts a declared error response', () => {
    expect(validateResponse('getEvent', 404, errorBody)).toEqual({ ok: true, value: errorBody });
  });

  it('rejects an error code outside the spec', () => {
    const result = validateResponse('getEvent', 404, { error: { ...errorBody.error, code: 'TEAPOT' } });
    expect(!result.ok && result.issues[0]?.field).toBe('/response/error/code');
  });

  it('rejects an undeclared status', () => {
    const result = validateResponse('getEvent', 418, errorBody);
    expect(!result.ok && result.issues).toEqual([
      { field: '/status', message: '418 is not a declared response of getEvent' },
    ]);
  });

  it('rejects a page whose event lacks required fields', () => {
    const result = validateResponse('listEvents', 200, { items: [{ id: 'aurora-live' }] });
    expect(!result.ok && result.issues.map((i) => i.field)).toContain('/response/items/0/name');
  });

  it('assertValidResponse names the operation and the problem', () => {
    expect(() => assertValidResponse('createOrder', 201, {})).toThrow(
      /Response 201 of createOrder violates openapi.yaml: .*orderId is required/,
    );
  });
});
