import { createHmac } from 'node:crypto';

/**
 * A `Stripe-Signature` header as Stripe computes it: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<payload>" keyed with the endpoint's signing secret>`.
 */
export function stripeSignature(
  payload: string,
  secret: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): string {
  if (!Number.isInteger(timestampSeconds) || timestampSeconds <= 0)
    throw new RangeError('the timestamp must be a positive whole number of seconds');
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}
