/**
 * The order access token is the buyer's key to the order page. The API puts it in the URL
 * fragment of the Stripe return URL (never sent to a server); the storefront also keeps it in
 * localStorage from checkout on, so the order can be reopened in the same browser.
 */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

const keyFor = (orderId: string) => `tth:order-token:${orderId}`;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function saveOrderToken(storage: TokenStorage, orderId: string, token: string): void {
  try {
    storage.setItem(keyFor(orderId), token);
  } catch {
    // Private mode or a full quota: the fragment of the return URL still carries the token.
  }
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
