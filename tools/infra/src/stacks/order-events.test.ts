/**
 * Order events (ADR 026): the bus, its archive, the Orders stream → `order-events` mapping with
 * its filter and dead-letter queue, the function's one permission on the bus, and its lag alarm.
 */
import { ORDER_EVENT_SOURCE, ORDER_EVENT_STREAM_FILTERS } from '@tth/delivery';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageNames } from '../config';
import { roleStatements } from '../testing/iam';
import { resourcesOfType, template, templateJson } from '../testing/templates';

type Json = ReturnType<typeof templateJson>;

describe.each(stageNames)('order events (%s)', (stage) => {
  let app: Template;
  let json: Json;
  const prefix = `ticketstoheaven-${stage}`;
  const busId = () => resourcesOfType(json, 'AWS::Events::EventBus')[0]![0];
  const mapping = () =>
    resourcesOfType(json, 'AWS::Lambda::EventSourceMapping').find(([, candidate]) =>
      JSON.stringify(candidate.Properties!['FunctionName']).includes('OrderEventsLiveAlias'),
    )?.[1].Properties;

  beforeAll(() => {
    app = template(stage, 'app');
    json = templateJson(stage, 'app');
  });

  it('creates one bus for order events and archives them for 30 days', () => {
    // Act & Assert
    app.resourceCountIs('AWS::Events::EventBus', 1);
    app.hasResourceProperties('AWS::Events::EventBus', { Name: `${prefix}-order-events` });
    app.hasResourceProperties('AWS::Events::Archive', {
      ArchiveName: `${prefix}-order-events`,
      EventPattern: { source: [ORDER_EVENT_SOURCE] },
      RetentionDays: 30,
      SourceArn: { 'Fn::GetAtt': [busId(), 'Arn'] },
    });
  });

  it('feeds the order-events alias from the Orders stream with the filter the local poller applies', () => {
    // Act
    const properties = mapping();
    const filters = (properties?.['FilterCriteria'] as { Filters: Array<{ Pattern: string }> }).Filters.map(
      (filter) => JSON.parse(filter.Pattern) as unknown,
    );

    // Assert
    expect(JSON.stringify(properties?.['EventSourceArn'])).toContain('OrdersTable');
    expect(filters).toEqual(ORDER_EVENT_STREAM_FILTERS);
  });

  it('retries rejected records, bisects failing batches and dead-letters what still fails', () => {
    // Act
    const [dlqId] = resourcesOfType(json, 'AWS::SQS::Queue').find(
      ([, queue]) => queue.Properties!['QueueName'] === `${prefix}-order-events-dlq`,
    )!;

    // Assert
    expect(mapping()).toMatchObject({
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });

  it('lets order-events put events on that bus only', () => {
    // Act
    const statements = roleStatements(json.Resources, `${prefix}-order-events`);
    const putEvents = statements.filter((statement) => [statement.Action].flat().includes('events:PutEvents'));
    const elsewhere = resourcesOfType(json, 'AWS::IAM::Policy').filter(
      ([, policy]) =>
        JSON.stringify(policy.Properties!['PolicyDocument']).includes('events:PutEvents') &&
        !JSON.stringify(policy.Properties!['Roles']).includes('OrderEvents'),
    );

    // Assert
    expect(putEvents).toEqual([
      expect.objectContaining({ Effect: 'Allow', Resource: { 'Fn::GetAtt': [busId(), 'Arn'] } }),
    ]);
    expect(elsewhere).toEqual([]);
  });

  it('alarms when order transitions wait more than 5 minutes for the publisher', () => {
    app.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${prefix}-order-events-lagging`,
      MetricName: 'IteratorAge',
      Dimensions: [Match.objectLike({ Name: 'FunctionName' })],
      Threshold: 300000,
    });
  });
});
