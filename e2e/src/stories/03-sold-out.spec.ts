import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { JANE } from '../support/buyer';
import { expect, test } from '../support/fixtures';

test.describe('Selling out while a buyer checks out', () => {
  test('when another buyer takes the last seats first, the buyer is told they are gone and no order is made', async ({
    buyer,
    shop,
    page,
    stack,
    dynamo,
  }) => {
    // Arrange: the buyer is at checkout for the last two seats…
    const event = await shop.createEvent({
      slug: 'sold-out',
      ticketTypes: [{ name: 'Front row', price: 8900, capacity: 8, available: 2 }],
    });
    await buyer.opensEvent(event);
    await buyer.choosesTickets({ 'Front row': 2 });
    await buyer.continuesToCheckout();
    await buyer.entersDetails(JANE);
    // …when another buyer, in another browser, takes them.
    const otherOrder = await shop.placeOrder(event, { 'Front row': 2 });
    const answers: number[] = [];
    page.on('response', (response) => {
      if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/orders')
        answers.push(response.status());
    });

    // Act
    await page.getByRole('button', { name: 'Continue to payment' }).click();

    // Assert: the checkout says plainly that the event is now sold out; the buyer never left the shop.
    await expect(page.getByText('This event is sold out')).toBeVisible();
    await expect(page.getByText('Every ticket has been sold.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continue to payment' })).toBeHidden();
    expect(new URL(page.url()).origin).toBe(new URL(stack.urls.storefront).origin);
    expect(answers).toEqual([409]);

    // Assert: the only order for this event is the other buyer's.
    const { Items } = await dynamo.doc.send(
      new QueryCommand({
        TableName: stack.tableNames.Orders,
        IndexName: 'byStatus',
        KeyConditionExpression: '#status = :pending',
        FilterExpression: 'eventId = :eventId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'PENDING_PAYMENT', ':eventId': event.eventId },
      }),
    );
    expect((Items ?? []).map((item) => item['orderId'])).toEqual([otherOrder.orderId]);
    expect(await shop.available(event, 'Front row')).toBe(0);
  });
});
