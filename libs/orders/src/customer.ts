import { createHash } from 'node:crypto';

/** Emails compare case-insensitively and without surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A buyer's id: `cust_` + SHA-256 of the normalised email, so the same buyer gets the same
 * record from any order without a lookup (and without a read-then-write race).
 */
export function customerIdFor(email: string): string {
  return `cust_${createHash('sha256').update(normaliseEmail(email), 'utf8').digest('base64url')}`;
}
