import type { OperationId } from '@tth/contracts';

/**
 * Which Lambda function (a file in ./handlers) serves which operation of openapi.yaml.
 * The local server routes by this map; a test keeps it complete and in sync with the spec.
 */
export const httpFunctions = {
  catalog: ['listEvents', 'getEvent'],
  orders: ['createOrder', 'getOrder', 'cancelOrder'],
  'stripe-webhook': ['receiveStripeWebhook'],
} as const satisfies Record<string, readonly OperationId[]>;

export type HttpFunctionName = keyof typeof httpFunctions;

/** Functions invoked by a schedule rather than by API Gateway. */
export const scheduledFunctions = ['hold-expiry-sweep'] as const;

export type ScheduledFunctionName = (typeof scheduledFunctions)[number];

export const functionByOperation: Readonly<Record<OperationId, HttpFunctionName>> = Object.fromEntries(
  (Object.entries(httpFunctions) as [HttpFunctionName, readonly OperationId[]][]).flatMap(([name, operations]) =>
    operations.map((operationId) => [operationId, name]),
  ),
) as Record<OperationId, HttpFunctionName>;
