import { JANE } from '../support/buyer';
import { expect, test } from '../support/fixtures';

test.describe('Abandoning the payment', () => {
  test('leaving the payment page and cancelling releases the held seats at once', async ({ buyer, shop, page }) => {
    // Arrange: three of eight seats held for a buyer on the payment page.
    const event = await shop.createEvent({
      slug: 'abandon',
      ticketTypes: [{ name: 'Seated', price: 5500, capacity: 8 }],
    });
    await buyer.opensEvent(event);
    await expect(page.getByText('Only 8 left')).toBeVisible();
    await buyer.choosesTickets({ Seated: 3 });
    await buyer.continuesToCheckout();
    await buyer.entersDetails(JANE);
    await buyer.continuesToPayment();
    const placed = await shop.orderPlacedInBrowser();
    expect(await shop.available(event, 'Seated')).toBe(5);

    // Act: back to the shop from the payment page, then cancel.
    await buyer.leavesPaymentPage();
    await expect(page.getByRole('heading', { level: 1, name: 'Your order is not paid yet' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Return to payment' })).toBeVisible();
    await page.getByRole('link', { name: 'Cancel order and release tickets' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Order cancelled' })).toBeVisible();
    await page.getByRole('link', { name: `Back to ${event.name}` }).click();

    // Assert: the event page offers all eight seats again; the API agrees.
    await expect(page.getByRole('heading', { level: 1, name: event.name })).toBeVisible();
    await expect(page.getByText('Only 8 left')).toBeVisible();
    expect(await shop.available(event, 'Seated')).toBe(8);
    expect((await shop.order(placed)).status).toBe('CANCELLED');
  });
});

test.describe('Leaving the payment page open until it expires', () => {
  test('when Stripe expires the checkout, the hold ends and the seats are on sale again', async ({
    buyer,
    shop,
    page,
    stack,
  }) => {
    // Arrange: two of eight seats held, the buyer idle on the payment page.
    const event = await shop.createEvent({
      slug: 'expire',
      ticketTypes: [{ name: 'Seated', price: 5500, capacity: 8 }],
    });
    await buyer.opensEvent(event);
    await buyer.choosesTickets({ Seated: 2 });
    await buyer.continuesToCheckout();
    await buyer.entersDetails(JANE);
    await buyer.continuesToPayment();
    const placed = await shop.orderPlacedInBrowser();
    expect(await shop.available(event, 'Seated')).toBe(6);

    // Act: the Checkout Session expires (Stripe's own timer, fast-forwarded through the emulator's control API).
    const sessionId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const expired = await fetch(`${stack.urls.stripeEmulator}/_control/sessions/${sessionId}/expire`, {
      method: 'POST',
    });
    expect(expired.status).toBe(200);

    // Assert: the order expires through the webhook and its seats come back.
    await expect.poll(async () => (await shop.order(placed)).status, { timeout: 15_000 }).toBe('EXPIRED');
    expect(await shop.available(event, 'Seated')).toBe(8);
    await page.goto(`/orders/${placed.orderId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Your reservation expired' })).toBeVisible();
  });
});
