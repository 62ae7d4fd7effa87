/**
 * The order access token is the buyer's key to the order page, and it stays in the buyer's
 * browser: the storefront keeps it in localStorage from checkout on, and Stripe's return URLs
 * carry none (docs/decisions/023-checkout-session-and-return-urls.md). A `#token=` fragment (never
 * sent to a server) opens an order from a link the buyer kept when this browser could not store it.
 */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

const keyFor = (orderId: string) => `tth:order-token:${orderId}`;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** False when the browser refuses to store it (storage blocked, quota full). */
export function saveOrderToken(storage: TokenStorage, orderId: string, token: string): boolean {
  try {
    storage.setItem(keyFor(orderId), token);
    return storage.getItem(keyFor(orderId)) === token;
  } catch {
    return false;
  }
}

/** A link that opens the order in any browser, for the buyer to keep: the token stays in the fragment. */
export function orderLinkWithToken(origin: string, orderPath: string, token: string): string {
  return `${origin}${orderPath}#token=${encodeURIComponent(token)}`;
}

export function loadOrderToken(storage: TokenStorage, orderId: string): string | undefined {
  try {
    const token = storage.getItem(keyFor(orderId));
    return token && TOKEN_PATTERN.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

/** The token from a `#token=…` fragment, when it has the contract's shape. */
export function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && TOKEN_PATTERN.test(token) ? token : undefined;
}
