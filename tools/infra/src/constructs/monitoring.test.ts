import { App, aws_cloudwatch as cloudwatch, aws_kms as kms, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { Monitoring } from './monitoring';

function monitoringStack(): { stack: Stack; monitoring: Monitoring } {
  const stack = new Stack(new App(), 'MonitoringTest', { env: { region: 'us-east-2' } });
  const monitoring = new Monitoring(stack, 'Monitoring', {
    topicName: 'tth-test-alarms',
    dashboardName: 'tth-test',
    key: new kms.Key(stack, 'Key'),
    destinations: { emails: [], webhooks: [] },
    metricSources: {
      OrdersFulfilled: 'worker',
      FulfillmentFailed: 'worker',
      FulfillmentRetried: 'worker',
      PaymentAmountMismatch: 'webhook',
      StuckOrders: 'sweep',
      ReconciliationFindings: 'reconciliation',
    },
  });
  return { stack, monitoring };
}

describe('Monitoring', () => {
  it('reads each business metric with the service dimension of the handler that publishes it', () => {
    // Arrange
    const { monitoring } = monitoringStack();

    // Act
    const metric = monitoring.businessMetric('StuckOrders', 'Maximum');

    // Assert
    expect([metric.namespace, metric.metricName, metric.dimensions, metric.statistic]).toEqual([
      'TicketsToHeaven',
      'StuckOrders',
      { service: 'sweep' },
      'Maximum',
    ]);
  });

  it("records every alarm it creates for the dashboard's alarm widget", () => {
    // Arrange
    const { stack, monitoring } = monitoringStack();
    const metric = new cloudwatch.Metric({ namespace: 'X', metricName: 'Y' });

    // Act
    const first = monitoring.alarm(stack, 'A', {
      alarmName: 'a',
      alarmDescription: 'a',
      metric,
      threshold: 1,
      evaluationPeriods: 1,
    });
    const second = monitoring.alarm(stack, 'B', {
      alarmName: 'b',
      alarmDescription: 'b',
      metric,
      threshold: 1,
      evaluationPeriods: 1,
    });

    // Assert
    expect(monitoring.alarms).toEqual([first, second]);
  });
});
