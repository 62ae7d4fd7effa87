import { App, aws_cloudwatch as cloudwatch, aws_kms as kms, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { Monitoring } from './monitoring';

function monitoringStack(alarmEmail: string | undefined): { stack: Stack; monitoring: Monitoring } {
  const stack = new Stack(new App(), 'MonitoringTest', { env: { region: 'us-east-2' } });
  const monitoring = new Monitoring(stack, 'Monitoring', {
    topicName: 'tth-test-alarms',
    dashboardName: 'tth-test',
    key: new kms.Key(stack, 'Key'),
    alarmEmail,
    metricSources: {
      OrdersFulfilled: 'worker',
      FulfillmentFailed: 'worker',
      FulfillmentRetried: 'worker',
      PaymentAmountMismatch: 'webhook',
      StuckOrders: 'sweep',
    },
  });
  return { stack, monitoring };
}

describe('Monitoring', () => {
  // Synthesized once for the file, in a hook with the time for a cold aws-cdk-lib on a busy
  // machine; the tests only assert on the templates.
  let withEmail: Template;
  let withoutEmail: Template;
  beforeAll(() => {
    withEmail = Template.fromStack(monitoringStack('ops@example.com').stack);
    withoutEmail = Template.fromStack(monitoringStack(undefined).stack);
  });

  it('subscribes the configured e-mail address to the alarm topic', () => {
    // Assert
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('creates no subscription when no address is configured', () => {
    // Assert
    withoutEmail.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('reads each business metric with the service dimension of the handler that publishes it', () => {
    // Arrange
    const { monitoring } = monitoringStack(undefined);

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
    const { stack, monitoring } = monitoringStack(undefined);
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
