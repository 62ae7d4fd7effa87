import { BASE62, randomString, type RandomSource } from '../shared/random';

/** Stripe-looking object ids (`cs_test_…`, `pi_…`, `evt_…`): prefix plus random base62. */
export function stripeId(prefix: string, random?: RandomSource): string {
  const length = prefix === 'cs_test' ? 58 : 24;
  return `${prefix}_${randomString(BASE62, length, random)}`;
}
