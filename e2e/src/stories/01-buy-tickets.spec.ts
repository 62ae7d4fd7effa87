import { buyTwoTicketsWithVisa } from '../support/purchase-story';
import { test } from '../support/fixtures';

test.describe('Buying tickets', () => {
  test('a buyer pays for two tickets with 4242 and gets two tickets with codes; the order is FULFILLED', async ({
    buyer,
    shop,
  }) => {
    await buyTwoTicketsWithVisa(buyer, shop, 'buy-two');
  });
});
