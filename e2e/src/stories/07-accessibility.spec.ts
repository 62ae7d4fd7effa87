import { expectNoAccessibilityViolations } from '../support/accessibility';
import { CARDS, JANE } from '../support/buyer';
import { expect, test } from '../support/fixtures';

test.describe('Accessibility of the purchase flow', () => {
  test('every page a buyer sees from the event list to the tickets has no axe-core violations', async ({
    buyer,
    shop,
    page,
  }) => {
    // The longest story (two orders, ten axe-core scans): a budget for a busy machine, not 60 s.
    test.setTimeout(180_000);
    const event = await shop.createEvent({
      slug: 'accessible',
      ticketTypes: [
        { name: 'Standing', price: 3900, capacity: 100 },
        { name: 'Lounge', price: 9900, capacity: 6 },
      ],
    });

    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: /Aurora Nights Festival/ }).first()).toBeVisible();
    await expectNoAccessibilityViolations(page, 'the event list');

    await buyer.opensEvent(event);
    await expectNoAccessibilityViolations(page, 'the event page');

    await page.getByRole('button', { name: 'Continue to checkout' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoAccessibilityViolations(page, 'the event page with a selection error');

    await buyer.choosesTickets({ Standing: 1, Lounge: 1 });
    await buyer.continuesToCheckout();
    await expectNoAccessibilityViolations(page, 'the checkout page');

    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await expect(page.getByText('Enter the name for the tickets.')).toBeVisible();
    await expectNoAccessibilityViolations(page, 'the checkout page with inline errors');

    await buyer.entersDetails(JANE);
    await buyer.continuesToPayment();
    await expectNoAccessibilityViolations(page, 'the hosted payment page');

    await buyer.paysWithCard(CARDS.declined);
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoAccessibilityViolations(page, 'the hosted payment page after a decline');

    await buyer.leavesPaymentPage();
    await expect(page.getByRole('heading', { level: 1, name: 'Your order is not paid yet' })).toBeVisible();
    await expectNoAccessibilityViolations(page, 'the unpaid order page');

    await page.getByRole('link', { name: 'Return to payment' }).click();
    await expect(page.getByRole('heading', { name: 'Pay with card' })).toBeVisible();
    await buyer.paysWithCard(CARDS.visa);
    await expect(page.getByRole('heading', { level: 1, name: `You're going to ${event.name}!` })).toBeVisible({
      timeout: 30_000,
    });
    await expect(buyer.tickets()).toHaveCount(2);
    await expect(page.getByRole('img', { name: 'QR code of ticket 2, Lounge', exact: true })).toBeVisible();
    await expectNoAccessibilityViolations(page, 'the order page with tickets');

    // A second order, cancelled: the cancellation page.
    await buyer.opensEvent(event);
    await buyer.choosesTickets({ Standing: 1 });
    await buyer.continuesToCheckout();
    await buyer.entersDetails(JANE);
    await buyer.continuesToPayment();
    await buyer.leavesPaymentPage();
    await page.getByRole('link', { name: 'Cancel order and release tickets' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Order cancelled' })).toBeVisible();
    await expectNoAccessibilityViolations(page, 'the cancellation page');
  });
});
