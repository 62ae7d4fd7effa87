import { describe, expect, it } from 'vitest';
import { FormEncodingError, parseStripeForm } from './form-encoding';

describe('parseStripeForm', () => {
  it('builds nested objects and arrays from bracketed keys, in index order', () => {
    const body =
      'mode=payment&line_items[1][quantity]=3&line_items[0][quantity]=1&line_items[0][price_data][product_data][name]=Gold%20%26%20Silver&metadata[orderId]=ord_1';

    expect(parseStripeForm(body)).toEqual({
      mode: 'payment',
      line_items: [{ quantity: '1', price_data: { product_data: { name: 'Gold & Silver' } } }, { quantity: '3' }],
      metadata: { orderId: 'ord_1' },
    });
  });

  it('appends values for empty brackets and accepts encoded brackets', () => {
    expect(parseStripeForm('expand[]=payment_intent&expand%5B%5D=line_items')).toEqual({
      expand: ['payment_intent', 'line_items'],
    });
  });

  it('reads + as a space, as form encoding does', () => {
    expect(parseStripeForm('customer_email=a%2Bb%40example.com&name=Ada+Lovelace')).toEqual({
      customer_email: 'a+b@example.com',
      name: 'Ada Lovelace',
    });
  });

  it.each([
    ['an unclosed bracket', 'line_items[0=1', 'line_items[0'],
    ['a value and nested keys under one name', 'metadata=x&metadata[a]=b', 'metadata[a]'],
    ['the same key twice', 'mode=payment&mode=setup', 'mode'],
    ['prototype keys', 'metadata[__proto__][polluted]=yes', 'metadata[__proto__][polluted]'],
    ['absurd array indexes', 'line_items[99999999][quantity]=1', 'line_items[99999999][quantity]'],
  ])('refuses %s, naming the parameter', (_case, body, param) => {
    let error: unknown;
    try {
      parseStripeForm(body);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(FormEncodingError);
    expect(error).toMatchObject({ param });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
