/**
 * Lambda `hold-expiry-sweep` (scheduled, e.g. every minute): expires overdue holds exactly once
 * and publishes the StuckOrders metric (orders in PAID/FULFILLING for over 15 minutes).
 */
import { randomUUID } from 'node:crypto';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import {
  createMetrics,
  createOrderDeps,
  loadOrderConfig,
  sweepExpiredHolds,
  type OrderDeps,
  type SweepResult,
} from '@tth/orders';
import { createLogger, type Logger } from '@tth/runtime';

export interface SweepHandlerOptions {
  readonly logger?: Logger;
  /** Where the run's figures go; default CloudWatch (EMF) through Powertools. */
  readonly publish?: (figures: Readonly<Record<'StuckOrders' | 'HoldsExpired', number>>) => void;
}

export function powertoolsPublisher(metrics: Metrics): NonNullable<SweepHandlerOptions['publish']> {
  return (figures) => {
    for (const [name, value] of Object.entries(figures)) metrics.addMetric(name, MetricUnit.Count, value);
    metrics.publishStoredMetrics();
  };
}

export function createHoldExpirySweepHandler(deps: OrderDeps, options: SweepHandlerOptions = {}) {
  const logger = options.logger ?? createLogger({ service: 'hold-expiry-sweep' });
  const publish = options.publish ?? powertoolsPublisher(createMetrics('hold-expiry-sweep'));
  return async (_event?: Partial<ScheduledEvent>, context?: Partial<Context>): Promise<SweepResult> => {
    const runLogger = logger.child({ requestId: context?.awsRequestId ?? randomUUID() });
    const result = await sweepExpiredHolds(deps, runLogger);
    publish({ StuckOrders: result.stuckOrders, HoldsExpired: result.expired });
    return result;
  };
}

const config = loadOrderConfig();

export const handler = createHoldExpirySweepHandler(createOrderDeps(config));
