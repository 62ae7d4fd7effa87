import type { MockApi } from '@tth/contracts/testing';
import { render } from 'preact';
import { OrderSummary } from '../components/order-summary';
import { loadOrderToken } from '../order-tokens';

export const MOCK_CHECKOUT_PATH = '/__mock-checkout';

/**
 * Mock mode's stand-in for the Stripe-hosted Checkout page: "Pay" marks the order paid and returns
 * to the success URL, "Back" returns to the cancel URL, both shaped like the API's return URLs (no
 * token: the storefront kept it in this browser). The page reads the token from the same storage,
 * only to find the mock order.
 */
function MockCheckout(props: { readonly api: MockApi; readonly orderId: string; readonly token: string | undefined }) {
  const order = props.token ? props.api.state.authorizedOrder(props.orderId, props.token) : undefined;
  const orderUrl = `/orders/${props.orderId}`;
  if (!order || order.status !== 'PENDING_PAYMENT') {
    return (
      <main class="site-main mock-checkout">
        <h1>Mock checkout</h1>
        <p>There is no unpaid order here. {order && <a href={orderUrl}>View the order</a>}</p>
      </main>
    );
  }
  return (
    <main class="site-main mock-checkout">
      <p class="badge badge--upcoming">Mock mode: nothing is charged</p>
      <h1>Pay {order.eventName}</h1>
      <OrderSummary lines={order.lines} totals={order.totals} />
      <div class="actions">
        <button
          type="button"
          class="button button--primary"
          onClick={() => {
            props.api.state.setOrderStatus(order.orderId, 'PAID');
            location.assign(orderUrl);
          }}
        >
          Pay (test card succeeds)
        </button>
        <button
          type="button"
          class="button button--secondary"
          onClick={() => {
            props.api.state.setOrderStatus(order.orderId, 'PAYMENT_FAILED');
            location.assign(orderUrl);
          }}
        >
          Pay (card declined)
        </button>
        <a class="button button--secondary" href={`${orderUrl}?checkout=cancelled`}>
          Back to the shop
        </a>
      </div>
    </main>
  );
}

export function renderMockCheckout(root: HTMLElement, api: MockApi): void {
  const orderId = decodeURIComponent(location.pathname.slice(MOCK_CHECKOUT_PATH.length + 1));
  render(<MockCheckout api={api} orderId={orderId} token={loadOrderToken(localStorage, orderId)} />, root);
}
