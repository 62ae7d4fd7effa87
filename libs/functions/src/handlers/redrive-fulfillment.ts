/**
 * Lambda `redrive-fulfillment` (operator-invoked, no API route): re-queues FULFILLMENT_FAILED
 * orders once the provider works again. Each goes FULFILLMENT_FAILED → FULFILLING, which the
 * Orders stream hands to the fulfillment worker; this function never calls the provider.
 *
 *   aws lambda invoke --function-name <prefix>-redrive-fulfillment \
 *     --cli-binary-format raw-in-base64-out --payload '{"dryRun": true}' out.json
 *
 * Payload (all optional): `orderIds` (only these), `limit` (default 500), `dryRun`.
 * Locally: `nx run local-api:redrive-fulfillment` (tools/local-api/src/redrive-fulfillment.ts).
 */
import {
  createRedriveDeps,
  loadRedriveConfig,
  parseRedriveRequest,
  redriveFailedOrders,
  type RedriveDeps,
  type RedriveResult,
} from '@tth/fulfillment';
import { createLogger } from '@tth/runtime';

export function createRedriveFulfillmentHandler(deps: RedriveDeps) {
  // A malformed payload throws RedriveRequestError: the invoke result names the field to fix.
  return async (event?: unknown): Promise<RedriveResult> => redriveFailedOrders(deps, parseRedriveRequest(event));
}

const config = loadRedriveConfig();

export const handler = createRedriveFulfillmentHandler(
  createRedriveDeps(config, { logger: createLogger({ service: 'redrive-fulfillment' }) }),
);
