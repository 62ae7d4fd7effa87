/**
 * Where Stripe Checkout sends the buyer back. The order token travels in the URL fragment, which
 * browsers never send to a server (no access logs, no Referer), unlike a query string; the
 * storefront reads it from `location.hash`. See docs/decisions/023-checkout-session-and-return-urls.md.
 */
export interface CheckoutReturnUrls {
  /** The order page: `<storefront>/orders/<orderId>#token=<token>`. */
  readonly successUrl: string;
  /** The same page flagged `?checkout=cancelled`, from where the buyer can release the seats. */
  readonly cancelUrl: string;
}

export function checkoutReturnUrls(storefrontUrl: string, orderId: string, orderToken: string): CheckoutReturnUrls {
  const base = `${storefrontUrl.replace(/\/+$/, '')}/orders/${encodeURIComponent(orderId)}`;
  const fragment = `#token=${encodeURIComponent(orderToken)}`;
  return { successUrl: `${base}${fragment}`, cancelUrl: `${base}?checkout=cancelled${fragment}` };
}
