/**
 * Lambda `stripe-webhook`: POST /webhooks/stripe. The raw body reaches the signature check
 * untouched (raw-body route); payment state changes happen in @tth/orders, fulfillment is
 * triggered later by the Orders stream, never from here.
 */
import { createMetrics, createWebhookDeps, metricAlerts, webhookRoutes, type WebhookDeps } from '@tth/orders';
import { createHttpFunction, type HttpFunctionOptions } from '@tth/runtime';
import { dynamoClientsOf, loadFunctionConfig } from '../config';

export function createStripeWebhookHandler(deps: WebhookDeps, options?: HttpFunctionOptions) {
  return createHttpFunction(webhookRoutes(deps), options);
}

const config = loadFunctionConfig('stripe-webhook');

export const handler = createStripeWebhookHandler(
  createWebhookDeps(config, {
    dynamo: dynamoClientsOf(config),
    alerts: metricAlerts(createMetrics('stripe-webhook')),
  }),
  { allowedOrigin: config.storefrontUrl },
);
