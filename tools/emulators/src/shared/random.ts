import { randomInt } from 'node:crypto';

/** A source of uniformly distributed numbers in [0, 1). */
export type RandomSource = () => number;

/** Cryptographically random (the default: ids and codes must not be guessable). */
export const secureRandom: RandomSource = () => randomInt(0, 2 ** 47) / 2 ** 47;

/**
 * A small seeded PRNG (mulberry32) so tests that inject faults get the same sequence every run.
 * Not for secrets: only used when a caller asks for determinism.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomString(alphabet: string, length: number, random: RandomSource = secureRandom): string {
  let result = '';
  for (let index = 0; index < length; index += 1) result += alphabet.charAt(Math.floor(random() * alphabet.length));
  return result;
}

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
