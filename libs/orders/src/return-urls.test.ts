import { describe, expect, it } from 'vitest';
import { checkoutReturnUrls } from './return-urls';

describe('checkout return URLs', () => {
  const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdE';
  const urls = checkoutReturnUrls('https://shop.example/', 'ord_01JD0000000000000000000000', token);

  it('carry the token only in the fragment, never in the path or query', () => {
    for (const raw of [urls.successUrl, urls.cancelUrl]) {
      const url = new URL(raw);
      expect(url.hash).toBe(`#token=${token}`);
      expect(url.pathname + url.search).not.toContain(token);
    }
  });

  it('return to the order page, flagging a cancelled checkout', () => {
    expect(new URL(urls.successUrl).pathname).toBe('/orders/ord_01JD0000000000000000000000');
    expect(new URL(urls.cancelUrl).pathname).toBe('/orders/ord_01JD0000000000000000000000');
    expect(new URL(urls.cancelUrl).searchParams.get('checkout')).toBe('cancelled');
  });
});
