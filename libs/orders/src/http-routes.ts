import type { Routes } from '@tth/runtime';
import { createOrder } from './create-order';
import type { OrderDeps, WebhookDeps } from './deps';
import { cancelOrder, getOrder } from './order-access';
import { receiveStripeWebhook } from './webhook';

/** createOrder, getOrder and cancelOrder as contract routes for `createHttpFunction`. */
export function orderRoutes(deps: OrderDeps): Routes {
  return {
    createOrder: async (request) => ({
      status: 201,
      body: await createOrder(
        deps,
        { idempotencyKey: request.params.header['Idempotency-Key'], body: request.body },
        request.logger,
      ),
    }),
    getOrder: async (request) => ({
      status: 200,
      body: await getOrder(deps, request.params.path.orderId, request.params.header['X-Order-Token']),
    }),
    cancelOrder: async (request) => ({
      status: 200,
      body: await cancelOrder(
        deps,
        request.params.path.orderId,
        request.params.header['X-Order-Token'],
        request.logger,
      ),
    }),
  };
}

/** receiveStripeWebhook as a raw-body route: the signature is checked over the exact bytes received. */
export function webhookRoutes(deps: WebhookDeps): Routes {
  return {
    receiveStripeWebhook: {
      rawBody: true,
      handle: async (request) => ({
        status: 200,
        body: await receiveStripeWebhook(
          deps,
          request.rawBody,
          request.params.header['Stripe-Signature'],
          request.logger,
        ),
      }),
    },
  };
}
