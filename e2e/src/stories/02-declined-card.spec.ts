import { CARDS, JANE } from '../support/buyer';
import { expect, test } from '../support/fixtures';

test.describe('Paying with a card that is declined', () => {
  test('the order stays unpaid, the buyer sees why and can try again; cancelling gives the seats back', async ({
    buyer,
    shop,
    page,
  }) => {
    // Arrange: a buyer with two seats held, on the payment page.
    const event = await shop.createEvent({
      slug: 'declined-card',
      ticketTypes: [{ name: 'Balcony', price: 3000, capacity: 8 }],
    });
    await buyer.opensEvent(event);
    await buyer.choosesTickets({ Balcony: 2 });
    await buyer.continuesToCheckout();
    await buyer.entersDetails(JANE);
    await buyer.continuesToPayment();
    const placed = await shop.orderPlacedInBrowser();
    expect(await shop.available(event, 'Balcony')).toBe(6);

    // Act: the card is declined.
    await buyer.paysWithCard(CARDS.declined);

    // Assert: the payment page says why and offers the form again; nothing is paid.
    await expect(page.getByRole('alert')).toHaveText('Your card was declined.');
    await expect(page.getByRole('button', { name: /^Pay / })).toBeEnabled();
    expect((await shop.order(placed)).status).toBe('PENDING_PAYMENT');

    // Act: a second card, declined for another reason.
    await buyer.paysWithCard(CARDS.insufficientFunds);

    // Assert
    await expect(page.getByRole('alert')).toHaveText('Your card has insufficient funds.');
    expect((await shop.order(placed)).status).toBe('PENDING_PAYMENT');

    // Act: the buyer gives up and cancels from the storefront.
    await buyer.leavesPaymentPage();
    await expect(page.getByRole('heading', { level: 1, name: 'Your order is not paid yet' })).toBeVisible();
    await page.getByRole('link', { name: 'Cancel order and release tickets' }).click();

    // Assert: cancelled, and both seats are on sale again.
    await expect(page.getByRole('heading', { level: 1, name: 'Order cancelled' })).toBeVisible();
    expect((await shop.order(placed)).status).toBe('CANCELLED');
    expect(await shop.available(event, 'Balcony')).toBe(8);
  });
});
