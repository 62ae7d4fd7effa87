import { describe, expect, it } from 'vitest';
import { checkoutReturnUrls } from './return-urls';

describe('checkout return URLs', () => {
  const urls = checkoutReturnUrls('https://shop.example/', 'ord_01JD0000000000000000000000');

  it('return to the order page, flagging a cancelled checkout, and carry no credential', () => {
    expect(urls).toEqual({
      successUrl: 'https://shop.example/orders/ord_01JD0000000000000000000000',
      cancelUrl: 'https://shop.example/orders/ord_01JD0000000000000000000000?checkout=cancelled',
    });
  });
});
