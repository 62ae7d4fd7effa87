/**
 * Redaction applied to everything the logger writes: logs must never contain secrets,
 * signatures, card data or full email addresses (DESIGN.md §3, issue 4).
 */

export const REDACTED = '[REDACTED]';

/** Attribute names whose values are always secret, compared lower-cased with `-` and `_` removed. */
const SECRET_KEY_PARTS = [
  'secret',
  'password',
  'passwd',
  'token',
  'signature',
  'authorization',
  'apikey',
  'cookie',
  'credential',
  'privatekey',
  'card',
  'cvc',
  'cvv',
  'iban',
];

export function isSecretKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEY_PARTS.some((part) => normalised.includes(part));
}

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// Stripe keys (sk_/rk_/pk_ live or test), webhook secrets and Stripe-Signature header values.
const STRIPE_SECRET = /\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]+|\bwhsec_[A-Za-z0-9+/=_-]+/g;
const SIGNATURE_HEADER = /\bt=\d+,(?:v\d+=[0-9a-fA-F]+,?)+/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// 13 to 19 digits, optionally grouped by spaces or dashes: candidate card numbers (checked with Luhn).
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** `alice@example.com` → `a***@example.com`. */
export function maskEmail(email: string): string {
  return email.replace(EMAIL, (_match, first: string, domain: string) => `${first}***@${domain}`);
}

/** Masks emails and removes secrets, signatures and card numbers found anywhere in a string. */
export function redactString(text: string): string {
  return maskEmail(
    text
      .replace(STRIPE_SECRET, REDACTED)
      .replace(SIGNATURE_HEADER, REDACTED)
      .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
      .replace(CARD_CANDIDATE, (candidate) => {
        const digits = candidate.replace(/[ -]/g, '');
        return passesLuhn(digits) ? REDACTED : candidate;
      }),
  );
}

const MAX_DEPTH = 8;

/** A JSON-safe, redacted copy of a value (errors become `{ name, message, stack }`). */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      const serialised: Record<string, unknown> = { name: value.name, message: redactString(value.message) };
      if (value.stack) serialised['stack'] = redactString(value.stack);
      const code = (value as { code?: unknown }).code;
      if (typeof code === 'string' || typeof code === 'number') serialised['code'] = code;
      if (value.cause !== undefined) serialised['cause'] = redact(value.cause, depth + 1, seen);
      return serialised;
    }
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      copy[key] = isSecretKey(key) ? REDACTED : redact(item, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}
