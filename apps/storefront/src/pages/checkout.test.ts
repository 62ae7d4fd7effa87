import { demoIds } from '@tth/contracts/testing';
import { describe, expect, it } from 'vitest';
import { blur, click, doubleClick, findByRole, getByRole, queryByRole, type, waitFor } from '../testing/dom';
import { holdRequests, renderApp, setupMockApi } from '../testing/render';

const { api, server } = setupMockApi();
const { festival } = demoIds;
const { general, vip } = demoIds.ticketTypes;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

async function openCheckout(query = `?tickets=${general}:2`) {
  const app = renderApp(`/events/${festival}/checkout${query}`);
  await findByRole('button', { name: 'Continue to payment' });
  return app;
}

async function fillCustomer(name = 'Ada Lovelace', email = 'ada@example.com') {
  await type(getByRole('textbox', { name: /^Full name/ }), name);
  await type(getByRole('textbox', { name: /^Email address/ }), email);
}

describe('checkout: happy path', () => {
  it('goes from the event list to Stripe Checkout, sending one createOrder even on a double click', async () => {
    // Arrange
    const app = renderApp('/');
    await click(await findByRole('link', { name: 'Aurora Nights Festival' }));
    await click(await findByRole('button', { name: 'One more: Quantity of General admission' }));
    await click(getByRole('button', { name: 'One more: Quantity of General admission' }));
    await click(getByRole('button', { name: 'Continue to checkout' }));
    await findByRole('button', { name: 'Continue to payment' });
    await fillCustomer();

    // Act
    await doubleClick(await findByRole('button', { name: 'Continue to payment' }));

    // Assert
    await waitFor(() => expect(app.redirects).toHaveLength(1));
    const requests = api.state.requestsTo('createOrder');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers['idempotency-key']).toMatch(IDEMPOTENCY_KEY);
    expect(requests[0]!.body).toEqual({
      eventId: festival,
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      items: [{ ticketTypeId: general, quantity: 2 }],
    });
    expect(app.redirects[0]).toMatch(/^https:\/\/checkout\.stripe\.test\//);
  });

  it('keeps the order token in localStorage before redirecting', async () => {
    // Arrange
    const app = await openCheckout();
    await fillCustomer();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    await waitFor(() => expect(app.redirects).toHaveLength(1));
    const orderId = /cs_test_(\w+)/.exec(app.redirects[0]!)![1]!;
    const token = localStorage.getItem(`tth:order-token:ord_${orderId}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(api.state.authorizedOrder(`ord_${orderId}`, token!)?.status).toBe('PENDING_PAYMENT');
  });

  it('when this browser cannot keep the token, shows the order link to keep instead of leaving for Stripe without it', async () => {
    // Arrange: storage that refuses every write (blocked, or full).
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    const app = renderApp(`/events/${festival}/checkout?tickets=${general}:1`, { storage: refusing });
    await findByRole('button', { name: 'Continue to payment' });
    await fillCustomer();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    const alert = await findByRole('alert');
    expect(alert.textContent).toContain('Keep the link to your order');
    expect(app.redirects).toEqual([]);
    const link = new URL(getByRole('link', { name: 'Your order' }).getAttribute('href')!);
    const orderId = link.pathname.split('/').at(-1)!;
    const token = decodeURIComponent(link.hash.replace('#token=', ''));
    expect(api.state.authorizedOrder(orderId, token)?.status).toBe('PENDING_PAYMENT');
    expect(getByRole('link', { name: 'Continue to payment' }).getAttribute('href')).toMatch(
      /^https:\/\/checkout\.stripe\.test\//,
    );
  });

  it('retries after a network failure with the same Idempotency-Key, making one order', async () => {
    // Arrange
    server.use(api.scenarios.networkError('createOrder', { once: true }));
    const app = await openCheckout();
    await fillCustomer();
    await click(getByRole('button', { name: 'Continue to payment' }));
    const alert = await findByRole('alert');
    expect(alert.textContent).toContain('You seem to be offline');

    // Act
    await click(getByRole('button', { name: 'Try again' }));

    // Assert
    await waitFor(() => expect(app.redirects).toHaveLength(1));
    const keys = api.state.requestsTo('createOrder').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('starts a new attempt with a new key when the order changes after a refusal', async () => {
    // Arrange
    server.use(
      api.scenarios.error('createOrder', 409, 'SOLD_OUT', 'Sold out', {
        once: true,
        details: [{ ticketTypeId: general, message: 'Sold out' }],
      }),
    );
    const app = await openCheckout();
    await fillCustomer();
    await click(getByRole('button', { name: 'Continue to payment' }));
    await findByRole('alert');

    // Act
    await click(getByRole('button', { name: 'One less: Quantity of General admission' }));
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    await waitFor(() => expect(app.redirects).toHaveLength(1));
    const keys = api.state.requestsTo('createOrder').map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(2);
  });
});

describe('checkout: validation', () => {
  it('shows inline errors, focuses the first invalid field and sends nothing', async () => {
    // Arrange
    await openCheckout();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    const name = getByRole('textbox', { name: /^Full name/ });
    const email = getByRole('textbox', { name: /^Email address/ });
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe(
      'Enter the name for the tickets.',
    );
    expect(document.activeElement).toBe(name);
    expect(api.state.requestsTo('createOrder')).toHaveLength(0);
  });

  it('checks the email when the field is left, with the contract limits on the inputs', async () => {
    // Arrange
    await openCheckout();
    const email = getByRole('textbox', { name: /^Email address/ });

    // Act
    await type(email, 'ada@example');
    await blur(email);

    // Assert
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(email.closest('.field')?.textContent).toContain('Enter an email address like name@example.com.');
    expect(email.getAttribute('maxlength')).toBe('254');
    expect(getByRole('textbox', { name: /^Full name/ }).getAttribute('maxlength')).toBe('100');
  });

  it('refuses more tickets than a ticket type allows per order without sending', async () => {
    // Arrange
    await openCheckout(`?tickets=${vip}:5`);
    await fillCustomer();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    const quantity = getByRole('spinbutton', { name: 'Quantity of VIP lounge' });
    await waitFor(() => expect(quantity.getAttribute('aria-invalid')).toBe('true'));
    expect(quantity.closest('.quantity')?.textContent).toContain('At most 4 per order.');
    expect(document.activeElement).toBe(quantity);
    expect(api.state.requestsTo('createOrder')).toHaveLength(0);
  });

  it('asks for at least one ticket', async () => {
    // Arrange
    await openCheckout('');
    await fillCustomer();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    await waitFor(() =>
      expect(getByRole('group', { name: 'Your tickets' }).textContent).toContain('Choose at least one ticket.'),
    );
    expect(api.state.requestsTo('createOrder')).toHaveLength(0);
  });

  it('highlights the field the API names in VALIDATION_FAILED', async () => {
    // Arrange
    server.use(api.scenarios.validationError('/body/customer/email', 'is not deliverable'));
    await openCheckout();
    await fillCustomer();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    const email = getByRole('textbox', { name: /^Email address/ });
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(email.closest('.field')?.textContent).toContain('This email address is not deliverable.');
    expect(getByRole('alert').textContent).toContain('Please check your details');
    expect(document.activeElement).toBe(email);
  });

  it('highlights the quantity of the item the API names by JSON pointer', async () => {
    // Arrange
    server.use(api.scenarios.validationError('/body/items/1/quantity', 'must be at most 2'));
    await openCheckout(`?tickets=${general}:1,${vip}:3`);
    await fillCustomer();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    const vipQuantity = getByRole('spinbutton', { name: 'Quantity of VIP lounge' });
    await waitFor(() => expect(vipQuantity.getAttribute('aria-invalid')).toBe('true'));
    expect(getByRole('spinbutton', { name: 'Quantity of General admission' }).getAttribute('aria-invalid')).toBeNull();
  });
});

describe('checkout: failures', () => {
  it('names the ticket type that sold out and refreshes availability', async () => {
    // Arrange
    server.use(api.scenarios.soldOut(vip));
    await openCheckout(`?tickets=${vip}:2`);
    await fillCustomer();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    const alert = await findByRole('alert');
    expect(alert.textContent).toContain('Sorry, there are not enough VIP lounge tickets left for your order.');
    expect(queryByRole('button', { name: 'Try again' }, alert)).toBeNull();
    await waitFor(() =>
      expect(document.querySelector('.ticket-type')?.closest('ul')?.textContent).toContain('Sold out'),
    );
  });

  it('explains a server error with a reference and lets the buyer try again', async () => {
    // Arrange
    server.use(api.scenarios.serverError('createOrder', { once: true }));
    const app = await openCheckout();
    await fillCustomer();
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Act
    const alert = await findByRole('alert');
    await click(getByRole('button', { name: 'Try again' }, alert));

    // Assert
    expect(alert.textContent).toContain('Something went wrong on our side');
    expect(alert.textContent).toMatch(/Reference: mock-\d+/);
    await waitFor(() => expect(app.redirects).toHaveLength(1));
  });

  it('says payments are unavailable when the payment provider is down', async () => {
    // Arrange
    server.use(api.scenarios.error('createOrder', 503, 'PAYMENT_PROVIDER_UNAVAILABLE', 'Stripe is down'));
    await openCheckout();
    await fillCustomer();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    const alert = await findByRole('alert');
    expect(alert.textContent).toContain('Payments are temporarily unavailable');
    expect(alert.textContent).not.toContain('Stripe is down');
  });

  it('shows that the order is being reserved while the network is slow', async () => {
    // Arrange
    const slow = holdRequests('post', '/orders');
    server.use(slow.handler);
    const app = await openCheckout();
    await fillCustomer();

    // Act
    await click(getByRole('button', { name: 'Continue to payment' }));

    // Assert
    const busy = await findByRole('button', { name: 'Reserving your tickets…' });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    expect(busy.closest('form')?.getAttribute('aria-busy')).toBe('true');
    expect(getByRole('status', { name: 'Reserving your tickets…' })).toBeTruthy();
    slow.release();
    await waitFor(() => expect(app.redirects).toHaveLength(1));
  });

  it('tells the buyer when the event cannot be bought', async () => {
    // Act
    renderApp(`/events/${demoIds.soldOutTour}/checkout`);

    // Assert
    await waitFor(() => expect(document.body.textContent).toContain('This event is sold out'));
    expect(queryByRole('button', { name: 'Continue to payment' })).toBeNull();
  });
});
