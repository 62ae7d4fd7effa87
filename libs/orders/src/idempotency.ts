import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** How long an Idempotency-Key binds its request and order (the contract promises at least 24 h). */
export const IDEMPOTENCY_RETENTION_SECONDS = 48 * 60 * 60;

/** The table stores a hash of the key, never the key: the key is what unlocks the replayed token. */
export function hashIdempotencyKey(key: string): string {
  return createHash('sha256').update(`idempotency-key:${key}`, 'utf8').digest('base64url');
}

/** JSON with object keys sorted at every level, so a body's fingerprint ignores key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Fingerprint of a request body: "the same body" means the same JSON value (key order and
 * whitespace don't matter; every value, including letter case, does, as with Stripe's keys).
 */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('base64url');
}

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function replayKey(idempotencyKey: string, orderId: string): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(idempotencyKey, 'utf8'),
      Buffer.from(orderId, 'utf8'),
      'tth/order-token-replay/v1',
      32,
    ),
  );
}

/**
 * Encrypts the order token for replay under a key derived from the raw Idempotency-Key (which the
 * table never stores), so only a client presenting that key again can get the token back, and
 * the idempotency table never holds a usable token (docs/decisions/021-idempotency.md).
 */
export function sealOrderToken(token: string, idempotencyKey: string, orderId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, replayKey(idempotencyKey, orderId), iv);
  cipher.setAAD(Buffer.from(orderId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/** The token sealed by sealOrderToken, or undefined when the key or order id doesn't match. */
export function openOrderToken(sealed: string, idempotencyKey: string, orderId: string): string | undefined {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(CIPHER, replayKey(idempotencyKey, orderId), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(orderId, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
