import { randomBytes } from 'node:crypto';

/** Crockford's base32 alphabet (no I, L, O, U), as used by ULIDs. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_TIME = 2 ** 48 - 1;

/** A ULID string: 26 characters of Crockford base32. */
export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/**
 * A ULID (https://github.com/ulid/spec): 48 bits of millisecond time followed by 80 random
 * bits from the platform CSPRNG, so ids sort by creation time and cannot be guessed.
 */
export function ulid(timeMs: number = Date.now(), random: (size: number) => Uint8Array = randomBytes): string {
  if (!Number.isInteger(timeMs) || timeMs < 0 || timeMs > MAX_TIME)
    throw new RangeError(`ULID time out of range: ${timeMs}`);

  let time = '';
  let remaining = timeMs;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = CROCKFORD.charAt(remaining % 32) + time;
    remaining = Math.floor(remaining / 32);
  }

  // 80 random bits = exactly 16 base32 characters; read them 5 bits at a time.
  const bytes = random(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let randomPart = '';
  for (let i = 0; i < RANDOM_CHARS; i++) {
    randomPart = CROCKFORD.charAt(Number(bits & 31n)) + randomPart;
    bits >>= 5n;
  }
  return time + randomPart;
}

/** Milliseconds since the epoch encoded in a ULID. */
export function ulidTime(id: string): number {
  if (!ULID_PATTERN.test(id)) throw new RangeError('Not a ULID');
  let time = 0;
  for (const char of id.slice(0, TIME_CHARS)) time = time * 32 + CROCKFORD.indexOf(char);
  return time;
}
