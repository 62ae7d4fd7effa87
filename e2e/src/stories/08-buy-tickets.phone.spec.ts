import { buyTwoTicketsWithVisa } from '../support/purchase-story';
import { expect, test } from '../support/fixtures';

test.describe('Buying tickets on a phone', () => {
  test('on a 390×844 screen, a buyer pays for two tickets with 4242 and gets two tickets with codes', async ({
    buyer,
    shop,
    page,
  }) => {
    expect(page.viewportSize()).toEqual({ width: 390, height: 844 });

    await buyTwoTicketsWithVisa(buyer, shop, 'phone-buy-two');

    // Nothing on the order page is wider than the screen (no sideways scrolling on a phone).
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
