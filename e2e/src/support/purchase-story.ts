import { expect } from '@playwright/test';
import { CARDS, JANE, type Buyer } from './buyer';
import type { Shop } from './fixtures';

/** Story 1 (also run on a phone): two tickets paid with 4242 end as issued tickets with codes. */
export async function buyTwoTicketsWithVisa(buyer: Buyer, shop: Shop, slug: string): Promise<void> {
  // Arrange
  const event = await shop.createEvent({ slug, ticketTypes: [{ name: 'Standing', price: 4500, capacity: 100 }] });

  // Act
  await buyer.opensEvent(event);
  await buyer.choosesTickets({ Standing: 2 });
  await buyer.continuesToCheckout();
  await buyer.entersDetails(JANE);
  await buyer.continuesToPayment();
  await expect(buyer.page.getByText('Qty 2')).toBeVisible();
  await buyer.paysWithCard(CARDS.visa);

  // Assert: the order page shows two tickets, each with its QR code.
  await expect(buyer.page.getByRole('heading', { level: 1, name: `You're going to ${event.name}!` })).toBeVisible({
    timeout: 30_000,
  });
  await expect(buyer.tickets()).toHaveCount(2);
  await expect(buyer.page.getByRole('img', { name: 'QR code of ticket 1, Standing', exact: true })).toBeVisible();
  await expect(buyer.page.getByRole('img', { name: 'QR code of ticket 2, Standing', exact: true })).toBeVisible();

  // Assert: the API, asked with the buyer's order token, reports the order FULFILLED with the codes on the page.
  const placed = await shop.orderPlacedInBrowser();
  expect(placed.orderId).toBe(buyer.orderIdFromUrl());
  const order = await shop.order(placed);
  expect(order.status).toBe('FULFILLED');
  expect(order.lines).toEqual([
    expect.objectContaining({ name: 'Standing', quantity: 2, unitPrice: 4500, lineTotal: 9000 }),
  ]);
  expect(order.tickets).toHaveLength(2);
  for (const ticket of order.tickets) await expect(buyer.tickets().filter({ hasText: ticket.code })).toHaveCount(1);
}
