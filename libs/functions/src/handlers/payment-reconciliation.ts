/**
 * Lambda `payment-reconciliation` (scheduled, every hour): compares the last day of Stripe payments
 * and refunds with the Orders and Payments tables (@tth/orders reconcilePayments). A missed webhook
 * is replayed through the webhook's own path; anything else is a finding in the Reconciliation
 * table and counts in the ReconciliationFindings metric (alarmed). A run that nears its timeout
 * saves its place; the next one resumes there.
 *
 * Locally: `nx run local-api:reconcile-payments` against `npm start`.
 */
import { randomUUID } from 'node:crypto';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import {
  createMetrics,
  createReconciliationDeps,
  metricAlerts,
  reconcilePayments,
  type ReconciliationDeps,
  type ReconciliationRunResult,
} from '@tth/orders';
import { createLogger, type Logger } from '@tth/runtime';
import { dynamoClientsOf, loadFunctionConfig } from '../config';

export interface ReconciliationHandlerOptions {
  readonly logger?: Logger;
  /** How far back a run compares; default WINDOW_HOURS. */
  readonly windowHours?: number;
  /** Objects younger than this are left to their webhook; default SETTLE_MINUTES. */
  readonly settleMinutes?: number;
  /** Where the run's figures go; default CloudWatch (EMF) through Powertools. */
  readonly publish?: (figures: Readonly<Record<'ReconciliationFindings' | 'ReconciliationRepairs', number>>) => void;
}

/** The last day: every hourly run compares it again, so a gap of up to a day heals by itself. */
export const WINDOW_HOURS = 24;

/** Stripe objects younger than this are left to their webhook, which normally arrives within seconds. */
export const SETTLE_MINUTES = 15;

/** Time left when a run stops to save its place: enough for the object in hand and the save. */
const STOP_MARGIN_MS = 30_000;

function powertoolsPublisher(metrics: Metrics): NonNullable<ReconciliationHandlerOptions['publish']> {
  return (figures) => {
    for (const [name, value] of Object.entries(figures)) metrics.addMetric(name, MetricUnit.Count, value);
    metrics.publishStoredMetrics();
  };
}

export function createPaymentReconciliationHandler(deps: ReconciliationDeps, options: ReconciliationHandlerOptions) {
  const logger = options.logger ?? createLogger({ service: 'payment-reconciliation' });
  const publish = options.publish ?? powertoolsPublisher(createMetrics('payment-reconciliation'));
  return async (
    _event?: Partial<ScheduledEvent>,
    context?: Partial<Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>>,
  ): Promise<ReconciliationRunResult> => {
    const runLogger = logger.child({ requestId: context?.awsRequestId ?? randomUUID() });
    const remaining = context?.getRemainingTimeInMillis;
    const result = await reconcilePayments(
      deps,
      {
        windowSeconds: (options.windowHours ?? WINDOW_HOURS) * 60 * 60,
        settleSeconds: (options.settleMinutes ?? SETTLE_MINUTES) * 60,
        ...(remaining ? { shouldStop: () => remaining() < STOP_MARGIN_MS } : {}),
      },
      runLogger,
    );
    publish({ ReconciliationFindings: result.newFindings, ReconciliationRepairs: result.repaired });
    return result;
  };
}

const config = loadFunctionConfig('payment-reconciliation');

export const handler = createPaymentReconciliationHandler(
  createReconciliationDeps(config, {
    dynamo: dynamoClientsOf(config),
    alerts: metricAlerts(createMetrics('payment-reconciliation')),
  }),
  {},
);
