import { JANE } from '../support/buyer';
import { expect, test } from '../support/fixtures';

test.describe('Entering invalid details', () => {
  test('mistakes are explained next to each field and no order request leaves the browser until they are fixed', async ({
    buyer,
    shop,
    page,
    stack,
  }) => {
    // Arrange
    const event = await shop.createEvent({
      slug: 'invalid-input',
      ticketTypes: [{ name: 'General', price: 2500, capacity: 100, maxPerOrder: 4 }],
    });
    const orderRequests: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().startsWith(`${stack.urls.api}/orders`))
        orderRequests.push(request.postData() ?? '');
    });
    await buyer.opensEvent(event);

    // Act: no tickets chosen.
    await page.getByRole('button', { name: 'Continue to checkout' }).click();

    // Assert
    await expect(page.getByRole('alert')).toHaveText('Choose at least one ticket.');

    // Act: at checkout, too many tickets, no name and a malformed email address.
    await buyer.choosesTickets({ General: 2 });
    await buyer.continuesToCheckout();
    await buyer.quantityOf('General').fill('7');
    await page.getByLabel('Email address').fill('jane.doe@example');
    // Straight from the field to the button: the blur error must not move the button from under the click.
    await page.getByRole('button', { name: 'Continue to payment' }).click();

    // Assert: each field explains its problem, focus goes to the first one, nothing was sent.
    await expect(page.getByText('At most 4 per order.')).toBeVisible();
    await expect(page.getByText('Enter the name for the tickets.')).toBeVisible();
    await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
    await expect(buyer.quantityOf('General')).toBeFocused();
    await expect(page.getByLabel('Full name')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
    expect(orderRequests).toEqual([]);

    // Act: the buyer corrects everything and submits.
    await buyer.quantityOf('General').fill('3');
    await buyer.entersDetails(JANE);
    await buyer.continuesToPayment();

    // Assert: exactly one order request, with the corrected details.
    expect(orderRequests.map((body) => JSON.parse(body) as unknown)).toEqual([
      {
        eventId: event.eventId,
        customer: { name: JANE.name, email: JANE.email },
        items: [{ ticketTypeId: event.ticketTypeIds['General'], quantity: 3 }],
      },
    ]);
  });
});
