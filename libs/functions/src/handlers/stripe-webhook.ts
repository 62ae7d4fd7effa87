/**
 * Lambda `stripe-webhook`: POST /webhooks/stripe. The raw body reaches the signature check
 * untouched (raw-body route); payment state changes happen in @tth/orders, fulfillment is
 * triggered later by the Orders stream, never from here.
 */
import {
  createMetrics,
  createWebhookDeps,
  loadWebhookConfig,
  metricAlerts,
  webhookRoutes,
  type WebhookDeps,
} from '@tth/orders';
import { createHttpFunction, type HttpFunctionOptions } from '@tth/runtime';

export function createStripeWebhookHandler(deps: WebhookDeps, options?: HttpFunctionOptions) {
  return createHttpFunction(webhookRoutes(deps), options);
}

const config = loadWebhookConfig();

export const handler = createStripeWebhookHandler(
  createWebhookDeps(config, { alerts: metricAlerts(createMetrics('stripe-webhook')) }),
);
