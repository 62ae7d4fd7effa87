/**
 * One Idempotency-Key per checkout attempt. Re-sending the same order (a double click, "Try
 * again" after a network error or a 5xx) reuses the key, so the API returns the order it may
 * already have made instead of making a second one. A changed order, or one the API definitively
 * refused, starts a new attempt with a new key.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  // base64url of 144 random bits: 24 characters of [A-Za-z0-9_-], inside the contract's pattern.
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export class CheckoutAttempts {
  private current: { readonly key: string; readonly fingerprint: string } | undefined;

  constructor(private readonly generate: () => string = newIdempotencyKey) {}

  /** The key to send with this body: the current attempt's when the body is unchanged. */
  keyFor(body: unknown): string {
    const fingerprint = JSON.stringify(body);
    if (!this.current || this.current.fingerprint !== fingerprint) this.current = { key: this.generate(), fingerprint };
    return this.current.key;
  }

  /** The API gave a definitive answer (an order, or a 4xx refusal): the next submit is a new attempt. */
  settle(): void {
    this.current = undefined;
  }
}
