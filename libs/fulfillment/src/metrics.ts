import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace shared by every TicketsToHeaven business metric (alarms live in tools/infra). */
export const FULFILLMENT_METRICS_NAMESPACE = 'TicketsToHeaven';

export type FulfillmentMetricName = 'OrdersFulfilled' | 'FulfillmentFailed' | 'FulfillmentRetried';

export interface FulfillmentMetrics {
  count(name: FulfillmentMetricName, value?: number): void;
  /** Writes what was counted (once per invocation). */
  flush(): void;
}

/** Powertools metrics: Embedded Metric Format lines on stdout, which CloudWatch turns into metrics. */
export function powertoolsFulfillmentMetrics(
  serviceName: string,
  metrics: Metrics = new Metrics({ namespace: FULFILLMENT_METRICS_NAMESPACE, serviceName }),
): FulfillmentMetrics {
  let pending = false;
  return {
    count: (name, value = 1) => {
      metrics.addMetric(name, MetricUnit.Count, value);
      pending = true;
    },
    flush: () => {
      // Publishing with nothing stored only produces a warning line; skip it.
      if (!pending) return;
      pending = false;
      metrics.publishStoredMetrics();
    },
  };
}

/** Metrics kept in memory: for tests, and for the local stack's summaries. */
export interface RecordingMetrics extends FulfillmentMetrics {
  readonly totals: Readonly<Record<FulfillmentMetricName, number>>;
}

export function recordingFulfillmentMetrics(): RecordingMetrics {
  const totals: Record<FulfillmentMetricName, number> = {
    OrdersFulfilled: 0,
    FulfillmentFailed: 0,
    FulfillmentRetried: 0,
  };
  return {
    totals,
    count: (name, value = 1) => {
      totals[name] += value;
    },
    flush: () => undefined,
  };
}
