/**
 * Where Stripe Checkout sends the buyer back. They carry no credential: the order access token
 * never leaves our system (Stripe stores these URLs with the session). The storefront kept the
 * token in the buyer's browser before sending them to Stripe and opens the order with it on the
 * way back. See docs/decisions/023-checkout-session-and-return-urls.md.
 */
export interface CheckoutReturnUrls {
  /** The order page: `<storefront>/orders/<orderId>`. */
  readonly successUrl: string;
  /** The same page flagged `?checkout=cancelled`, from where the buyer can release the seats. */
  readonly cancelUrl: string;
}

export function checkoutReturnUrls(storefrontUrl: string, orderId: string): CheckoutReturnUrls {
  const orderPage = `${storefrontUrl.replace(/\/+$/, '')}/orders/${encodeURIComponent(orderId)}`;
  return { successUrl: orderPage, cancelUrl: `${orderPage}?checkout=cancelled` };
}
