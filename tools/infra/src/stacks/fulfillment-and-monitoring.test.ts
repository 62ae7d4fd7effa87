/**
 * Fulfillment trigger (Orders stream -> worker) with its encrypted DLQ, the hold-expiry
 * schedule, the alarm topic, business alarms and the dashboard.
 */
import { FULFILLMENT_TRIGGER_FILTERS } from '@tth/fulfillment';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, template, templateJson } from '../testing/templates';

describe.each(['dev', 'prod'] as const)('fulfillment and monitoring (%s)', (stage) => {
  let app: Template;
  let json: ReturnType<typeof templateJson>;
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
    const mapping = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping')[0]![1].Properties!;
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
    const mapping = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping')[0]![1].Properties!;
    const [dlqId] = resourcesOfType(json, 'AWS::SQS::Queue')[0]!;

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

  it('encrypts the DLQ with the stage key, requires TLS and keeps messages 14 days', () => {
    // Act
    const [dlqId, dlq] = resourcesOfType(json, 'AWS::SQS::Queue')[0]!;

    // Assert
    expect(dlq.Properties).toMatchObject({
      QueueName: `ticketstoheaven-${stage}-fulfillment-dlq`,
      MessageRetentionPeriod: 1209600,
    });
    expect(JSON.stringify(dlq.Properties!['KmsMasterKeyId'])).toContain('Key');
    app.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms as soon as any message reaches the DLQ', () => {
    // Act
    const dlqAlarm = alarm('fulfillment-dlq-not-empty');

    // Assert
    expect(dlqAlarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      Period: 60,
      EvaluationPeriods: 1,
    });
  });

  it('runs the hold-expiry sweep alias every minute without retries that would overlap the next run', () => {
    // Act & Assert
    app.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^HoldExpirySweepLiveAlias') },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        }),
      ],
    });
    app.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'events.amazonaws.com',
      FunctionName: { Ref: Match.stringLikeRegexp('^HoldExpirySweepLiveAlias') },
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
    expect(topic.Properties!['KmsMasterKeyId']).toBeDefined();
    expect(alarms.length).toBeGreaterThanOrEqual(25);
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
      '"type\\":\\"alarm\\"',
    ]) {
      expect(body).toContain(text);
    }
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
      ]),
    );
  });
});
