/**
 * Where each function's code is: one module per function in ./handlers, exporting the `handler`
 * Lambda invokes. The build bundles `handlerFile(name)`; the local API server, the local stream
 * poller and the local sweep import `handlerModules[name]()` lazily, because a handler reads its
 * configuration from process.env when it is first imported (as in a cold start).
 *
 * Only tooling imports this module: the handlers never do, so a bundle never pulls in the others.
 * The compiler asks for one line here per function of ./functions.ts.
 */
import { fileURLToPath } from 'node:url';
import type { FunctionName } from './functions';

export const handlerModules = {
  catalog: () => import('./handlers/catalog'),
  orders: () => import('./handlers/orders'),
  'stripe-webhook': () => import('./handlers/stripe-webhook'),
  'hold-expiry-sweep': () => import('./handlers/hold-expiry-sweep'),
  'payment-reconciliation': () => import('./handlers/payment-reconciliation'),
  'fulfillment-worker': () => import('./handlers/fulfillment-worker'),
  'order-events': () => import('./handlers/order-events'),
  organizer: () => import('./handlers/organizer'),
  'redrive-fulfillment': () => import('./handlers/redrive-fulfillment'),
} as const satisfies Record<FunctionName, () => Promise<{ readonly handler: unknown }>>;

export type HandlerModule<N extends FunctionName> = Awaited<ReturnType<(typeof handlerModules)[N]>>;

/** The entry file esbuild bundles for a function (absolute path). */
export function handlerFile(name: FunctionName): string {
  return fileURLToPath(new URL(`./handlers/${name}.ts`, import.meta.url));
}

/** Imports a function's module; fails naming the function when it cannot be loaded. */
export async function loadHandlerModule<N extends FunctionName>(name: N): Promise<HandlerModule<N>> {
  try {
    return (await handlerModules[name]()) as HandlerModule<N>;
  } catch (error) {
    throw new Error(`Cannot load the handler of function "${name}": ${(error as Error).message}`, { cause: error });
  }
}
