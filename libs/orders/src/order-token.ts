import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Same pattern as the contract's `OrderToken` schema: 256 bits, base64url without padding. */
export const ORDER_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh order access token: 256 random bits, base64url (43 characters). */
export function newOrderToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the Orders table stores instead of the token: its SHA-256 (base64url). The token has
 * 256 bits of entropy, so an unsalted fast hash is enough: nothing can be brute-forced.
 */
export function hashOrderToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/**
 * True when `presented` is the token whose hash is `storedHash`. The comparison runs over
 * fixed-length digests in constant time, so timing reveals nothing about the stored hash.
 */
export function orderTokenMatches(presented: string, storedHash: string): boolean {
  const presentedDigest = createHash('sha256').update(presented, 'utf8').digest();
  const storedDigest = Buffer.from(storedHash, 'base64url');
  if (storedDigest.length !== presentedDigest.length) return false;
  return timingSafeEqual(presentedDigest, storedDigest);
}
