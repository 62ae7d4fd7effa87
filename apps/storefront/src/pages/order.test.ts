import type { OrderStatus } from '@tth/contracts';
import { makeOrder, makeOrderToken } from '@tth/contracts/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { click, findByRole, getByRole, queryAllByRole, queryByRole, waitFor } from '../testing/dom';
import { renderApp, setupMockApi } from '../testing/render';

const { api, server } = setupMockApi();

function seedOrder(status: OrderStatus, quantity = 2) {
  const order = makeOrder(status, { items: [{ ticketTypeId: 'general-admission', quantity }] });
  const token = api.state.addOrder(order);
  return { order, token };
}

/** Every text the polite status region showed, in order (what a screen reader announced). */
function recordAnnouncements(): string[] {
  const seen: string[] = [];
  const observer = new MutationObserver(() => {
    const text = document.querySelector('.order-status [role=status]')?.textContent ?? '';
    if (text && seen[seen.length - 1] !== text) seen.push(text);
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  onTestFinished(() => observer.disconnect());
  return seen;
}

describe('order page', () => {
  it('polls through payment and fulfillment to the tickets, each with a QR code', async () => {
    // Arrange
    const { order, token } = seedOrder('PENDING_PAYMENT', 3);
    server.use(api.scenarios.orderProgress(['PENDING_PAYMENT', 'PAID', 'FULFILLING', 'FULFILLED']));
    const announcements = recordAnnouncements();

    // Act
    renderApp(`/orders/${order.orderId}#token=${token}`);

    // Assert
    await findByRole('heading', { name: "You're going to Aurora Nights Festival!", level: 1 });
    const tickets = queryAllByRole('listitem', {}, getByRole('region', { name: 'Your tickets' }));
    expect(tickets).toHaveLength(3);
    const fulfilled = api.state.order(order.orderId)!;
    for (const [index, ticket] of fulfilled.tickets.entries()) {
      expect(tickets[index]!.textContent).toContain(ticket.code);
      await waitFor(() =>
        expect(
          getByRole('img', { name: `QR code of ticket ${index + 1}, General admission` }, tickets[index]).tagName,
        ).toBe('svg'),
      );
    }
    expect(announcements).toEqual([
      'Waiting for the payment confirmation. This usually takes a few seconds.',
      'Payment received. Issuing your tickets…',
      'Your 3 tickets are ready.',
    ]);
  });

  it('stops polling once the order is final', async () => {
    // Arrange
    const { order, token } = seedOrder('FULFILLED');
    renderApp(`/orders/${order.orderId}#token=${token}`);
    await findByRole('heading', { name: "You're going to Aurora Nights Festival!", level: 1 });

    // Act
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Assert
    expect(api.state.requestsTo('getOrder')).toHaveLength(1);
  });

  it('keeps the token of an order link in this browser and in the address bar, so a copied address works elsewhere', async () => {
    // Arrange
    const { order, token } = seedOrder('PAID');

    // Act
    renderApp(`/orders/${order.orderId}#token=${token}`);

    // Assert
    await findByRole('heading', { name: 'Payment received', level: 1 });
    expect(location.hash).toBe(`#token=${token}`);
    expect(localStorage.getItem(`tth:order-token:${order.orderId}`)).toBe(token);
    expect(api.state.requestsTo('getOrder')[0]!.headers['x-order-token']).toBe(token);
  });

  it('opens an order with the token kept in this browser', async () => {
    // Arrange
    const { order, token } = seedOrder('FULFILLED');
    localStorage.setItem(`tth:order-token:${order.orderId}`, token);

    // Act
    renderApp(`/orders/${order.orderId}`);

    // Assert
    await findByRole('heading', { name: "You're going to Aurora Nights Festival!", level: 1 });
    expect(location.hash).toBe(`#token=${token}`);
  });

  it('keeps reading an order whose tickets could not be issued, and shows them after a redrive without a reload', async () => {
    // Arrange
    const { order, token } = seedOrder('FULFILLMENT_FAILED', 1);
    server.use(api.scenarios.orderProgress(['FULFILLMENT_FAILED', 'FULFILLMENT_FAILED', 'FULFILLING', 'FULFILLED']));

    // Act
    renderApp(`/orders/${order.orderId}#token=${token}`);

    // Assert
    await findByRole('heading', { name: 'We could not issue your tickets', level: 1 });
    await findByRole('heading', { name: "You're going to Aurora Nights Festival!", level: 1 });
    expect(queryAllByRole('listitem', {}, getByRole('region', { name: 'Your tickets' }))).toHaveLength(1);
  });

  it('shows how long the seats are still held while the order waits for payment', async () => {
    // Arrange
    const { order, token } = seedOrder('PENDING_PAYMENT');

    // Act
    renderApp(`/orders/${order.orderId}?checkout=cancelled#token=${token}`);

    // Assert
    await findByRole('heading', { name: 'Your order is not paid yet', level: 1 });
    expect(document.querySelector('.hold-countdown__time')?.textContent).toMatch(/^Seats held for \d{2}:\d{2}$/);
    expect(getByRole('status', { name: /^Your seats are held for \d+ more minutes?\.$/ }).textContent).toBeTruthy();
  });

  it('asks for the order link when there is no token, without calling the API', async () => {
    // Arrange
    const { order } = seedOrder('FULFILLED');

    // Act
    renderApp(`/orders/${order.orderId}`);

    // Assert
    await findByRole('heading', { name: 'We need your order link', level: 1 });
    expect(api.state.requestsTo('getOrder')).toHaveLength(0);
  });

  it('explains a wrong token as an unknown order', async () => {
    // Arrange
    const { order } = seedOrder('FULFILLED');

    // Act
    renderApp(`/orders/${order.orderId}#token=${makeOrderToken()}`);

    // Assert
    const alert = await findByRole('alert');
    expect(alert.textContent).toContain('There is no order with this link.');
  });

  it.each([
    ['PAYMENT_FAILED', 'Payment failed', 'The card was declined.'],
    ['EXPIRED', 'Your reservation expired', 'The seat hold expired before payment was completed.'],
    ['CANCELLED', 'Order cancelled', 'Checkout was cancelled; the seats were released.'],
    ['FULFILLMENT_FAILED', 'We could not issue your tickets', 'The ticketing partner could not issue the tickets.'],
    ['REFUNDED', 'Order refunded', 'The payment was refunded in full.'],
  ] as const)('shows %s with its reason and a way back', async (status, heading, reason) => {
    // Arrange
    const { order, token } = seedOrder(status);

    // Act
    renderApp(`/orders/${order.orderId}#token=${token}`);

    // Assert
    await findByRole('heading', { name: heading, level: 1 });
    expect(document.body.textContent).toContain(reason);
    expect(getByRole('link', { name: 'Back to Aurora Nights Festival' }).getAttribute('href')).toBe(
      `/events/${order.eventId}`,
    );
    expect(queryByRole('region', { name: 'Your tickets' })).toBeNull();
  });

  it('offers to return to payment or release the seats after leaving Stripe', async () => {
    // Arrange
    const { order, token } = seedOrder('PENDING_PAYMENT');

    // Act
    renderApp(`/orders/${order.orderId}?checkout=cancelled#token=${token}`);

    // Assert
    await findByRole('heading', { name: 'Your order is not paid yet', level: 1 });
    expect(getByRole('link', { name: 'Return to payment' }).getAttribute('href')).toBe(order.checkoutUrl);
    expect(getByRole('link', { name: 'Cancel order and release tickets' }).getAttribute('href')).toBe(
      `/orders/${order.orderId}/cancel`,
    );
  });

  it('keeps trying after a lost connection and offers to retry at once', async () => {
    // Arrange
    const { order, token } = seedOrder('PAID');
    server.use(api.scenarios.networkError('getOrder'));
    renderApp(`/orders/${order.orderId}#token=${token}`);
    await findByRole('button', { name: 'Retry now' });
    server.resetHandlers();

    // Act
    await click(getByRole('button', { name: 'Retry now' }));

    // Assert
    await findByRole('heading', { name: 'Payment received', level: 1 });
    await waitFor(() => expect(queryByRole('button', { name: 'Retry now' })).toBeNull());
  });

  it('lists what was bought with the totals from the API', async () => {
    // Arrange
    const { order, token } = seedOrder('FULFILLED', 2);

    // Act
    renderApp(`/orders/${order.orderId}#token=${token}`);

    // Assert
    const summary = await findByRole('table', { name: 'Order summary' });
    expect(summary.textContent).toContain('General admission');
    expect(summary.textContent).toContain(
      new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' }).format(order.totals.total / 100),
    );
  });
});
