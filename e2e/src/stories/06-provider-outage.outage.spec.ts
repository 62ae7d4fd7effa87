import { expect, test } from '../support/fixtures';
import { redriveFulfillment, setProviderFaults } from '../support/provider';

test.describe('The ticket provider is down during a purchase', () => {
  test.afterEach(async ({ stack }) => {
    await setProviderFaults(stack, { outage: false, latencyMs: 0 });
  });

  test('the buyer sees the tickets being issued, and gets them on the open page once the provider is back and the order is redriven', async ({
    buyer,
    shop,
    page,
    stack,
    dynamo,
  }) => {
    // Arrange: every provider call answers 503 after 2 s, so the order spends a while in FULFILLING.
    const event = await shop.createEvent({
      slug: 'provider-outage',
      ticketTypes: [{ name: 'Standing', price: 4000, capacity: 50 }],
    });
    await setProviderFaults(stack, { outage: true, latencyMs: 2_000 });

    // Act: a normal purchase with 4242.
    await buyer.buys(event, { Standing: 2 });

    // Assert: paid, and the page says the tickets are being issued.
    await expect(page.getByRole('heading', { level: 1, name: 'Payment received' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Issuing your tickets' })).toBeVisible();
    const placed = await shop.orderPlacedInBrowser();
    // The worker's attempts run out: the order is parked for an operator, and the buyer is told.
    await expect
      .poll(async () => (await shop.order(placed)).status, { timeout: 45_000, intervals: [1_000] })
      .toBe('FULFILLMENT_FAILED');
    await expect(page.getByRole('heading', { level: 1, name: 'We could not issue your tickets' })).toBeVisible({
      timeout: 20_000,
    });

    // Act: the provider recovers; the operator redrives the order; the buyer keeps the page open.
    await setProviderFaults(stack, { outage: false, latencyMs: 0 });
    const redrive = await redriveFulfillment(stack, dynamo, [placed.orderId]);
    expect(redrive.requeued).toEqual([placed.orderId]);

    // Assert: the page, still polling, shows the tickets without a reload; the API reports FULFILLED.
    await expect(page.getByRole('heading', { level: 1, name: `You're going to ${event.name}!` })).toBeVisible({
      timeout: 30_000,
    });
    await expect(buyer.tickets()).toHaveCount(2);
    const order = await shop.order(placed);
    expect(order.status).toBe('FULFILLED');
    expect(order.tickets).toHaveLength(2);
  });
});
