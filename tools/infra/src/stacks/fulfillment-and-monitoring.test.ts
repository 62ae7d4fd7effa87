/**
 * Fulfillment trigger (Orders stream -> worker) with its encrypted DLQ, the scheduled jobs and
 * their DLQs, the alarm topics and where they deliver, business, DynamoDB and CloudFront alarms,
 * and the dashboard.
 */
import { allTableDefinitions } from '@tth/data';
import { FULFILLMENT_TRIGGER_FILTERS } from '@tth/fulfillment';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageNames } from '../config';
import { fixtureConfig, resourcesOfType, template, templateJson, type CfnResource } from '../testing/templates';

type Json = ReturnType<typeof templateJson>;
const fulfillmentMapping = (json: Json) =>
  resourcesOfType(json, 'AWS::Lambda::EventSourceMapping').find(([, mapping]) =>
    JSON.stringify(mapping.Properties!['FunctionName']).includes('FulfillmentWorkerLiveAlias'),
  )![1].Properties!;
const queueNamed = (json: Json, name: string): [string, CfnResource] => {
  const found = resourcesOfType(json, 'AWS::SQS::Queue').find(([, queue]) => queue.Properties!['QueueName'] === name);
  if (!found) throw new Error(`no queue ${name}`);
  return found;
};

describe.each(stageNames)('fulfillment and monitoring (%s)', (stage) => {
  let app: Template;
  let json: Json;
  const config = fixtureConfig(stage);
  const alarm = (name: string) =>
    resourcesOfType(json, 'AWS::CloudWatch::Alarm').find(
      ([, candidate]) => candidate.Properties!['AlarmName'] === `ticketstoheaven-${stage}-${name}`,
    )?.[1].Properties;

  beforeAll(() => {
    app = template(stage, 'app');
    json = templateJson(stage, 'app');
  });

  it('triggers the fulfillment worker alias from the Orders stream only on the transition into PAID and on a redrive', () => {
    // Act
    const mapping = fulfillmentMapping(json);
    const filters = (mapping['FilterCriteria'] as { Filters: Array<{ Pattern: string }> }).Filters.map(
      (filter) => JSON.parse(filter.Pattern) as unknown,
    );

    // Assert
    expect(JSON.stringify(mapping['EventSourceArn'])).toContain('OrdersTable');
    expect(JSON.stringify(mapping['EventSourceArn'])).toContain('StreamArn');
    expect(JSON.stringify(mapping['FunctionName'])).toContain('FulfillmentWorkerLiveAlias');
    expect(filters).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['PAID'] } } } },
      {
        eventName: ['MODIFY'],
        dynamodb: {
          NewImage: { status: { S: ['PAID'] } },
          OldImage: { status: { S: [{ 'anything-but': ['PAID'] }] } },
        },
      },
      {
        eventName: ['MODIFY'],
        dynamodb: { NewImage: { status: { S: ['FULFILLING'] } }, OldImage: { status: { S: ['FULFILLMENT_FAILED'] } } },
      },
    ]);
    expect(filters).toEqual(FULFILLMENT_TRIGGER_FILTERS);
  });

  it('bounds retries, splits failing batches and sends what still fails to the DLQ', () => {
    // Act
    const mapping = fulfillmentMapping(json);
    const [dlqId] = queueNamed(json, `ticketstoheaven-${stage}-fulfillment-dlq`);

    // Assert
    expect(mapping).toMatchObject({
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 21600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });

  const deadLetterQueues = [
    'fulfillment-dlq',
    'order-events-dlq',
    'hold-expiry-sweep-schedule-dlq',
    'payment-reconciliation-schedule-dlq',
  ];

  it.each(deadLetterQueues)('encrypts the %s with the data key, requires TLS and keeps messages 14 days', (name) => {
    // Act
    const [dlqId, dlq] = queueNamed(json, `ticketstoheaven-${stage}-${name}`);

    // Assert
    expect(dlq.Properties).toMatchObject({ MessageRetentionPeriod: 1209600 });
    expect(JSON.stringify(dlq.Properties!['KmsMasterKeyId'])).toContain('DataKey');
    app.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it.each(deadLetterQueues)('alarms as soon as any message reaches the %s', (name) => {
    // Act
    const [dlqId] = queueNamed(json, `ticketstoheaven-${stage}-${name}`);
    const dlqAlarm = alarm(`${name}-not-empty`);

    // Assert
    expect(dlqAlarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      Period: 60,
      EvaluationPeriods: 1,
    });
  });

  it('runs the hold-expiry sweep alias every minute, retries within that minute, then dead-letters the event', () => {
    // Arrange
    const [dlqId] = queueNamed(json, `ticketstoheaven-${stage}-hold-expiry-sweep-schedule-dlq`);

    // Act & Assert
    app.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^HoldExpirySweepLiveAlias') },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        }),
      ],
    });
    app.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'events.amazonaws.com',
      FunctionName: { Ref: Match.stringLikeRegexp('^HoldExpirySweepLiveAlias') },
    });
  });

  it('runs the payment reconciliation every hour, retries within that hour, then dead-letters the event', () => {
    // Arrange
    const [dlqId] = queueNamed(json, `ticketstoheaven-${stage}-payment-reconciliation-schedule-dlq`);

    // Act & Assert
    app.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^PaymentReconciliationLiveAlias') },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        }),
      ],
    });
  });

  it('alarms on the account’s SES bounce and complaint rates before SES reviews the account', () => {
    // Act
    const bounce = alarm('ses-bounce-rate');
    const complaint = alarm('ses-complaint-rate');

    // Assert
    const reputation = { Namespace: 'AWS/SES', Statistic: 'Maximum', Period: 3600, EvaluationPeriods: 1 };
    expect(bounce).toMatchObject({
      ...reputation,
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.04,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(complaint).toMatchObject({
      ...reputation,
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.0008,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(bounce?.['Dimensions']).toBeUndefined();
  });

  it('alarms on the first new reconciliation finding, from the metric the job publishes', () => {
    // Act
    const findings = alarm('reconciliation-findings');

    // Assert
    expect(findings).toMatchObject({
      Namespace: 'TicketsToHeaven',
      MetricName: 'ReconciliationFindings',
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      Dimensions: [{ Name: 'service', Value: 'payment-reconciliation' }],
    });
  });

  it("alarms on stuck orders, failed fulfillment and payment mismatches from the handlers' metrics", () => {
    // Act
    const stuck = alarm('stuck-orders');
    const failed = alarm('fulfillment-failed');
    const mismatch = alarm('payment-amount-mismatch');

    // Assert
    // Dimensions as the handlers publish them: `service` = the publishing function's name.
    const service = (name: string) => [{ Name: 'service', Value: name }];
    expect(stuck).toMatchObject({
      Namespace: 'TicketsToHeaven',
      MetricName: 'StuckOrders',
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: service('hold-expiry-sweep'),
    });
    expect(failed).toMatchObject({
      Namespace: 'TicketsToHeaven',
      MetricName: 'FulfillmentFailed',
      Statistic: 'Sum',
      Dimensions: service('fulfillment-worker'),
    });
    expect(mismatch).toMatchObject({
      Namespace: 'TicketsToHeaven',
      MetricName: 'PaymentAmountMismatch',
      Dimensions: service('stripe-webhook'),
    });
  });

  it('sends every alarm, and its recovery, to the KMS-encrypted, TLS-only alarm topic', () => {
    // Act
    const [topicId, topic] = resourcesOfType(json, 'AWS::SNS::Topic')[0]!;
    const alarms = resourcesOfType(json, 'AWS::CloudWatch::Alarm').map(([, candidate]) => candidate.Properties!);

    // Assert
    expect(topic.Properties).toMatchObject({ TopicName: `ticketstoheaven-${stage}-alarms` });
    expect(JSON.stringify(topic.Properties!['KmsMasterKeyId'])).toContain('LogsKey');
    expect(alarms.length).toBeGreaterThanOrEqual(38);
    for (const props of alarms) {
      expect(props['AlarmActions']).toEqual([{ Ref: topicId }]);
      expect(props['OKActions']).toEqual([{ Ref: topicId }]);
      expect(props['TreatMissingData']).toBe('notBreaching');
    }
    app.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it(
    config.alarms.emails.length > 0
      ? 'delivers alarms to every configured destination, keeping undeliverable notifications (alarmed)'
      : 'has no alarm destination as shipped (deploying prod like that is refused)',
    () => {
      // Act
      const subscriptions = resourcesOfType(json, 'AWS::SNS::Subscription').map(([, sub]) => sub.Properties!);
      const [undeliveredId] = queueNamed(json, `ticketstoheaven-${stage}-alarms-undelivered`);
      const slack = resourcesOfType(json, 'AWS::Chatbot::SlackChannelConfiguration').map(([, sub]) => sub.Properties!);

      // Assert
      expect(subscriptions.map((sub) => [sub['Protocol'], sub['Endpoint']])).toEqual([
        ...config.alarms.emails.map((email) => ['email', email]),
        ...config.alarms.webhooks.map((url) => ['https', url]),
      ]);
      for (const sub of subscriptions)
        expect(sub['RedrivePolicy']).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [undeliveredId, 'Arn'] } });
      expect(Boolean(alarm('alarms-undelivered'))).toBe(subscriptions.length > 0);
      expect(slack).toHaveLength(config.alarms.slack ? 1 : 0);
      if (config.alarms.slack) {
        expect(slack[0]).toMatchObject({
          SlackWorkspaceId: config.alarms.slack.workspaceId,
          SlackChannelId: config.alarms.slack.channelId,
        });
        // Read-only guardrail (and no permissions on the channel role): Slack can only receive.
        const guardrails = slack[0]!['GuardrailPolicies'] as unknown[];
        expect(guardrails).toHaveLength(1);
        expect(JSON.stringify(guardrails[0])).toMatch(/":iam::aws:policy\/CloudWatchReadOnlyAccess"\]\]\}$/);
        // Both regions' topics: this stack's and the us-east-1 one of the edge stack.
        expect(JSON.stringify(slack[0]!['SnsTopicArns'])).toContain(`ticketstoheaven-${stage}-edge`);
        expect((slack[0]!['SnsTopicArns'] as unknown[]).length).toBe(2);
      }
    },
  );

  it.each(allTableDefinitions.map((definition) => definition.suffix))(
    'alarms on throttled requests (table and indexes) and system errors of the %s table',
    (suffix) => {
      // Act
      const throttled = alarm(`${suffix}-throttled`)!;
      const systemErrors = alarm(`${suffix}-system-errors`)!;
      const definition = allTableDefinitions.find((candidate) => candidate.suffix === suffix)!;
      const metricNames = (props: Record<string, unknown>) =>
        (props['Metrics'] as Array<{ MetricStat?: { Metric: { MetricName: string; Dimensions: unknown[] } } }>)
          .filter((query) => query.MetricStat)
          .map((query) => `${query.MetricStat!.Metric.MetricName}/${query.MetricStat!.Metric.Dimensions.length}`);

      // Assert
      expect(throttled).toMatchObject({ Threshold: 1, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
      expect(metricNames(throttled).sort()).toEqual(
        [
          'ReadThrottleEvents/1',
          'WriteThrottleEvents/1',
          ...definition.globalSecondaryIndexes.flatMap(() => ['ReadThrottleEvents/2', 'WriteThrottleEvents/2']),
        ].sort(),
      );
      expect(JSON.stringify(throttled)).toContain(`ticketstoheaven-${stage}-${suffix}`);
      expect(systemErrors).toMatchObject({ Threshold: 1, EvaluationPeriods: 1 });
      // CloudWatch allows at most 10 metrics in an alarm; one per operation the handlers use.
      expect(metricNames(systemErrors)).toHaveLength(9);
      expect(new Set(metricNames(systemErrors))).toEqual(new Set(['SystemErrors/2']));
    },
  );

  it('builds a dashboard over the API, the functions, fulfillment and the alarms', () => {
    // Act
    const dashboard = resourcesOfType(json, 'AWS::CloudWatch::Dashboard')[0]![1].Properties!;
    const body = JSON.stringify(dashboard['DashboardBody']);

    // Assert
    expect(dashboard['DashboardName']).toBe(`ticketstoheaven-${stage}`);
    for (const text of [
      '5XXError',
      'Latency',
      'Invocations',
      'Errors',
      'Duration',
      'OrdersFulfilled',
      'FulfillmentRetried',
      'StuckOrders',
      'ApproximateNumberOfMessagesVisible',
      'ConsumedReadCapacityUnits',
      'ConsumedWriteCapacityUnits',
      'ReadThrottleEvents',
      'SystemErrors',
      '5xxErrorRate',
      '"type\\":\\"alarm\\"',
    ]) {
      expect(body).toContain(text);
    }
    // Every dead-letter queue is drawn, and CloudFront's metric is read from us-east-1.
    for (const name of deadLetterQueues) expect(body).toContain(toPascal(name.replace(/-dlq$/, '')));
    expect(body).toMatch(/5xxErrorRate[^\]]*"region\\":\\"us-east-1/);
  });

  it('outputs what operators need: DLQ URL, alarm topic, bucket, distribution and dashboard', () => {
    // Act
    const outputs = Object.keys((json as { Outputs?: object }).Outputs ?? {});

    // Assert
    expect(outputs).toEqual(
      expect.arrayContaining([
        'StorefrontUrl',
        'ApiUrl',
        'FulfillmentDlqUrl',
        'AlarmTopicArn',
        'StorefrontBucketName',
        'DistributionId',
        'DashboardName',
        'ApiGatewayUrl',
        'DistributionDomainName',
      ]),
    );
  });
});

describe.each(stageNames)('edge monitoring (%s)', (stage) => {
  const config = fixtureConfig(stage);

  it('alarms in us-east-1 when CloudFront answers too many 5xx, through the us-east-1 alarm topic', () => {
    // Act
    const edgeMonitoring = templateJson(stage, 'edgeMonitoring');
    const [, cfAlarm] = resourcesOfType(edgeMonitoring, 'AWS::CloudWatch::Alarm')[0]!;

    // Assert
    expect(cfAlarm.Properties).toMatchObject({
      AlarmName: `ticketstoheaven-${stage}-storefront-5xx-rate`,
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Statistic: 'Average',
      Period: 60,
      Threshold: config.monitoring.cloudFront5xxRatePercent,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
    });
    const dimensions = JSON.stringify(cfAlarm.Properties!['Dimensions']);
    expect(dimensions).toContain('"Name":"Region","Value":"Global"');
    expect(dimensions).toContain(`"StackName":"ticketstoheaven-${stage}-app","Region":"us-east-2"`);
    expect(JSON.stringify(cfAlarm.Properties!['AlarmActions'])).toContain(
      `"StackName":"ticketstoheaven-${stage}-edge"`,
    );
    expect(cfAlarm.Properties!['OKActions']).toEqual(cfAlarm.Properties!['AlarmActions']);
  });

  it('gives the us-east-1 alarm topic the same destinations as the main one', () => {
    // Act
    const edge = templateJson(stage, 'edge');
    const topics = resourcesOfType(edge, 'AWS::SNS::Topic').map(([, topic]) => topic.Properties!['TopicName']);
    const subscriptions = resourcesOfType(edge, 'AWS::SNS::Subscription').map(([, sub]) => sub.Properties!['Endpoint']);

    // Assert
    expect(topics).toEqual([`ticketstoheaven-${stage}-alarms-us-east-1`]);
    expect(subscriptions).toEqual([...config.alarms.emails, ...config.alarms.webhooks]);
  });
});

function toPascal(value: string): string {
  return value.replace(/(?:^|-)(\w)/g, (_match, char: string) => char.toUpperCase());
}
