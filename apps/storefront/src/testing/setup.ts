/**
 * Vitest setup of the storefront (every test file). Preact runs effects "after paint" with a
 * requestAnimationFrame plus a 35 ms timer; a timer still pending when a file's jsdom is torn
 * down then calls `cancelAnimationFrame`, which no longer exists, and vitest fails the run on
 * that unhandled error. Tests get Preact's documented hook instead: effects run on a plain
 * macrotask, which touches no browser global, so nothing outlives the environment.
 */
import { options } from 'preact';

options.requestAnimationFrame = (flushEffects: () => void) => {
  setTimeout(flushEffects);
};
