/**
 * Alarms that reach someone. `AlarmTopic` is an encrypted topic with the stage's configured
 * destinations subscribed (e-mail, HTTPS webhooks); every alarm is created through `alarm()`, so
 * none can be left without an action. `Monitoring` (the app stack's) adds the dashboard, the
 * business metrics, dead-letter queues that are alarmed and graphed by construction, and the
 * DynamoDB alarms. CloudWatch only sends an alarm to a topic of its own region, so each region
 * with alarms has an AlarmTopic; AWS Chatbot (Slack) listens to all of them.
 */
import {
  aws_chatbot as chatbot,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  aws_iam as iam,
  aws_kms as kms,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_sqs as sqs,
  Duration,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, type AlarmDestinations } from '../config';
import { acknowledge } from '../nag';

export interface AlarmTopicProps {
  readonly topicName: string;
  readonly key: kms.IKey;
  readonly destinations: AlarmDestinations;
}

export interface AlarmOptions {
  readonly alarmName: string;
  readonly alarmDescription: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm?: number;
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
}

export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly undelivered: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      topicName: props.topicName,
      displayName: `${props.topicName} (CloudWatch alarms)`,
      masterKey: props.key,
      enforceSSL: true,
    });
    // What SNS could not deliver to a destination after its retries waits here (and alarms,
    // so the destinations that still work hear about the one that does not).
    this.undelivered = new sqs.Queue(this, 'Undelivered', {
      queueName: `${props.topicName}-undelivered`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.undelivered,
      'This queue is itself the dead-letter queue of the alarm topic subscriptions.',
      'AwsSolutions-SQS3',
      'Serverless-SQSRedrivePolicy',
    );
    const deadLetterQueue = this.undelivered;
    for (const email of props.destinations.emails)
      this.topic.addSubscription(new subscriptions.EmailSubscription(email, { deadLetterQueue }));
    for (const url of props.destinations.webhooks)
      this.topic.addSubscription(
        new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS, deadLetterQueue }),
      );
    if (props.destinations.emails.length + props.destinations.webhooks.length > 0)
      this.alarm(this, 'UndeliveredAlarm', {
        alarmName: `${props.topicName}-undelivered`,
        alarmDescription: `SNS could not deliver an alarm notification to a destination of ${props.topicName} (bounced address, webhook down): fix the destination, then read the queue ${props.topicName}-undelivered`,
        metric: this.undelivered.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
  }

  /** An alarm that notifies the topic when it fires and when it recovers; no data is not a breach. */
  alarm(scope: Construct, id: string, options: AlarmOptions): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmName: options.alarmName,
      alarmDescription: options.alarmDescription,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods,
      datapointsToAlarm: options.datapointsToAlarm,
      comparisonOperator:
        options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new cloudwatchActions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}

/** The application metrics the handlers publish with Powertools (namespace TicketsToHeaven). */
export const businessMetricNames = [
  'OrdersFulfilled',
  'FulfillmentFailed',
  'FulfillmentRetried',
  'PaymentAmountMismatch',
  'StuckOrders',
  'ReconciliationFindings',
] as const;
export type BusinessMetricName = (typeof businessMetricNames)[number];

export interface MonitoringProps extends AlarmTopicProps {
  readonly dashboardName: string;
  /** The `service` dimension each business metric is published with (the publishing handler's name). */
  readonly metricSources: Readonly<Record<BusinessMetricName, string>>;
}

export interface DeadLetterQueueOptions {
  readonly queueName: string;
  /** What landed here and what the operator does about it (the alarm's description). */
  readonly runbook: string;
  readonly key: kms.IKey;
}

/** DynamoDB operations the handlers use: SystemErrors is published per operation. */
const TABLE_OPERATIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactGetItems',
] as const;

export interface WatchedTable {
  readonly label: string;
  readonly tableName: string;
  readonly consumedRead: cloudwatch.IMetric;
  readonly consumedWrite: cloudwatch.IMetric;
  readonly throttles: cloudwatch.IMetric;
  readonly systemErrors: cloudwatch.IMetric;
}

export class Monitoring extends AlarmTopic {
  readonly dashboard: cloudwatch.Dashboard;
  /** Every dead-letter queue of the stage: each is alarmed and graphed (`deadLetterQueue`). */
  readonly deadLetterQueues: sqs.Queue[] = [];
  readonly tables: WatchedTable[] = [];
  private readonly metricSources: Readonly<Record<BusinessMetricName, string>>;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id, props);
    this.metricSources = props.metricSources;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
  }

  /**
   * Sends the alarms of these topics (this one and other regions') to a Slack channel through
   * AWS Chatbot. Its role has no permissions and its guardrail is read-only: it only posts.
   */
  notifySlack(slack: NonNullable<AlarmDestinations['slack']>, name: string, topics: readonly sns.ITopic[]): void {
    new chatbot.SlackChannelConfiguration(this, 'Slack', {
      slackChannelConfigurationName: name,
      slackWorkspaceId: slack.workspaceId,
      slackChannelId: slack.channelId,
      notificationTopics: [this.topic, ...topics],
      guardrailPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchReadOnlyAccess')],
      loggingLevel: chatbot.LoggingLevel.ERROR,
    });
  }

  /**
   * A dead-letter queue that cannot go unnoticed: KMS-encrypted, TLS-only, 14 days, an alarm as
   * soon as one message is visible, and a line on the dashboard. Every DLQ of the stage (stream
   * failures, schedules, and later EventBridge targets) is made here.
   */
  deadLetterQueue(scope: Construct, id: string, options: DeadLetterQueueOptions): sqs.Queue {
    const queue = new sqs.Queue(scope, id, {
      queueName: options.queueName,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: options.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.alarm(scope, `${id}Alarm`, {
      alarmName: `${options.queueName}-not-empty`,
      alarmDescription: options.runbook,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    acknowledge(
      queue,
      'This queue is itself a dead-letter queue (its alarm fires on the first message); a DLQ of a DLQ would only move the problem.',
      'AwsSolutions-SQS3',
      'Serverless-SQSRedrivePolicy',
    );
    this.deadLetterQueues.push(queue);
    return queue;
  }

  /**
   * Alarms on a table's throttled requests (table and indexes, 2 of 3 five-minute periods) and on
   * DynamoDB system errors (any), and keeps its consumed capacity for the dashboard.
   */
  watchTable(scope: Construct, label: string, tableName: string, indexNames: readonly string[]): WatchedTable {
    const metric = (metricName: string, dimensionsMap: Record<string, string>) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap,
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    // Metric ids must be unique within a dashboard graph that shows every table.
    const idPrefix = label.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (first) => first.toLowerCase());
    const throttleMetrics: Record<string, cloudwatch.IMetric> = {};
    [undefined, ...indexNames].forEach((indexName, i) => {
      const dimensions: Record<string, string> = { TableName: tableName };
      if (indexName) dimensions['GlobalSecondaryIndexName'] = indexName;
      throttleMetrics[`${idPrefix}Read${i}`] = metric('ReadThrottleEvents', dimensions);
      throttleMetrics[`${idPrefix}Write${i}`] = metric('WriteThrottleEvents', dimensions);
    });
    const throttles = new cloudwatch.MathExpression({
      expression: Object.keys(throttleMetrics).join(' + '),
      usingMetrics: throttleMetrics,
      label: `${label} throttled`,
      period: Duration.minutes(5),
    });
    const errorMetrics: Record<string, cloudwatch.IMetric> = {};
    TABLE_OPERATIONS.forEach((operation, i) => {
      errorMetrics[`${idPrefix}Error${i}`] = metric('SystemErrors', { TableName: tableName, Operation: operation });
    });
    const systemErrors = new cloudwatch.MathExpression({
      expression: Object.keys(errorMetrics).join(' + '),
      usingMetrics: errorMetrics,
      label: `${label} system errors`,
      period: Duration.minutes(5),
    });
    this.alarm(scope, `${label}ThrottlesAlarm`, {
      alarmName: `${tableName}-throttled`,
      alarmDescription: `${label}: DynamoDB throttled requests on the table or an index in 2 of the last 3 five-minute periods (hot key, or traffic beyond on-demand headroom)`,
      metric: throttles,
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.alarm(scope, `${label}SystemErrorsAlarm`, {
      alarmName: `${tableName}-system-errors`,
      alarmDescription: `${label}: DynamoDB answered requests with internal errors (HTTP 500); check the AWS Health Dashboard`,
      metric: systemErrors,
      threshold: 1,
      evaluationPeriods: 1,
    });
    const watched: WatchedTable = {
      label,
      tableName,
      consumedRead: metric('ConsumedReadCapacityUnits', { TableName: tableName }).with({ label: `${label} read` }),
      consumedWrite: metric('ConsumedWriteCapacityUnits', { TableName: tableName }).with({ label: `${label} write` }),
      throttles,
      systemErrors,
    };
    this.tables.push(watched);
    return watched;
  }

  /** A custom metric as Powertools publishes it: namespace TicketsToHeaven, only the `service` dimension. */
  businessMetric(metricName: BusinessMetricName, statistic = 'Sum', period = Duration.minutes(5)): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: this.metricSources[metricName] },
      statistic,
      period,
    });
  }
}
