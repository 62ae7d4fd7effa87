/**
 * Lambda `orders`: POST /orders, GET /orders/{orderId}, POST /orders/{orderId}/cancel.
 * Thin on purpose: createHttpFunction validates the request against the contract, the work is
 * in @tth/orders (docs/decisions/020–024).
 */
import { createOrderDeps, loadOrderConfig, orderRoutes, type OrderDeps } from '@tth/orders';
import { createHttpFunction, type HttpFunctionOptions } from '@tth/runtime';

export function createOrdersHandler(deps: OrderDeps, options?: HttpFunctionOptions) {
  return createHttpFunction(orderRoutes(deps), options);
}

// Module scope: configuration is read once per container; a missing setting fails the cold start, naming it.
const config = loadOrderConfig();

export const handler = createOrdersHandler(createOrderDeps(config));
