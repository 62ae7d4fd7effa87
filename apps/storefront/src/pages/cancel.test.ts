import { createApiClient, type OrderStatus } from '@tth/contracts';
import { demoIds, makeOrder } from '@tth/contracts/testing';
import { describe, expect, it } from 'vitest';
import { click, findByRole, getByRole } from '../testing/dom';
import { holdRequests, renderApp, setupMockApi } from '../testing/render';

const { api, server } = setupMockApi();
const { vip } = demoIds.ticketTypes;

function availableVip(): number {
  return api.state.event(demoIds.festival)!.ticketTypes.find((t) => t.id === vip)!.available;
}

function seedOrder(status: OrderStatus) {
  const order = makeOrder(status, { items: [{ ticketTypeId: vip, quantity: 2 }] });
  const token = api.state.addOrder(order);
  localStorage.setItem(`tth:order-token:${order.orderId}`, token);
  return { order, token };
}

describe('cancel page', () => {
  it('cancels a pending order with its token and releases the seats', async () => {
    // Arrange: an order made through the API, so it holds seats.
    const before = availableVip();
    const { data: created } = await createApiClient(api.baseUrl).POST('/orders', {
      params: { header: { 'Idempotency-Key': 'cancel-test-1' } },
      body: {
        eventId: demoIds.festival,
        customer: { name: 'Ada', email: 'ada@example.com' },
        items: [{ ticketTypeId: vip, quantity: 2 }],
      },
    });
    expect(availableVip()).toBe(before - 2);

    // Act
    renderApp(`/orders/${created!.orderId}/cancel#token=${created!.orderToken}`);

    // Assert
    await findByRole('heading', { name: 'Order cancelled', level: 1 });
    expect(getByRole('status').textContent).toContain('Your order for Aurora Nights Festival was cancelled');
    expect(api.state.requestsTo('cancelOrder')[0]!.headers['x-order-token']).toBe(created!.orderToken);
    expect(availableVip()).toBe(before);
    expect(getByRole('link', { name: 'Back to Aurora Nights Festival' })).toBeTruthy();
  });

  it('shows progress while the cancellation is on its way', async () => {
    // Arrange
    const { order } = seedOrder('PENDING_PAYMENT');
    const slow = holdRequests('post', `/orders/${order.orderId}/cancel`);
    server.use(slow.handler);

    // Act
    renderApp(`/orders/${order.orderId}/cancel`);

    // Assert
    expect((await findByRole('status')).textContent).toContain('Releasing your tickets…');
    slow.release();
    await findByRole('heading', { name: 'Order cancelled', level: 1 });
  });

  it('refuses to cancel a paid order and links to it', async () => {
    // Arrange
    const { order } = seedOrder('PAID');

    // Act
    renderApp(`/orders/${order.orderId}/cancel`);

    // Assert
    await findByRole('heading', { name: 'This order can no longer be cancelled', level: 1 });
    expect(getByRole('link', { name: 'View your order' }).getAttribute('href')).toBe(`/orders/${order.orderId}`);
  });

  it('says so when the hold already expired', async () => {
    // Arrange
    const { order } = seedOrder('EXPIRED');

    // Act
    renderApp(`/orders/${order.orderId}/cancel`);

    // Assert
    await findByRole('heading', { name: 'Your reservation already expired', level: 1 });
    expect(getByRole('status').textContent).toContain('Nothing was charged.');
  });

  it('lets the buyer try again after a network failure', async () => {
    // Arrange
    const { order } = seedOrder('PENDING_PAYMENT');
    server.use(api.scenarios.networkError('cancelOrder', { once: true }));
    renderApp(`/orders/${order.orderId}/cancel`);
    const alert = await findByRole('alert');

    // Act
    await click(getByRole('button', { name: 'Try again' }, alert));

    // Assert
    await findByRole('heading', { name: 'Order cancelled', level: 1 });
    expect(api.state.order(order.orderId)!.status).toBe('CANCELLED');
  });

  it('asks for the order link when there is no token, without calling the API', async () => {
    // Arrange
    const order = makeOrder('PENDING_PAYMENT');
    api.state.addOrder(order);

    // Act
    renderApp(`/orders/${order.orderId}/cancel`);

    // Assert
    await findByRole('heading', { name: 'We need your order link', level: 1 });
    expect(api.state.requestsTo('cancelOrder')).toHaveLength(0);
  });
});
