/**
 * The alarm topic, every alarm (each notifies the topic on ALARM and on OK) and the dashboard.
 * Alarms are created through `alarm()` so none can be left without an action.
 */
import {
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  aws_kms as kms,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  Duration,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../config';

export interface MonitoringProps {
  readonly topicName: string;
  readonly dashboardName: string;
  readonly key: kms.IKey;
  readonly alarmEmail: string | undefined;
  /** The `service` dimension each business metric is published with (the publishing handler's name). */
  readonly metricSources: Readonly<Record<BusinessMetricName, string>>;
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

/** The application metrics the handlers publish with Powertools (namespace TicketsToHeaven). */
export const businessMetricNames = [
  'OrdersFulfilled',
  'FulfillmentFailed',
  'FulfillmentRetried',
  'PaymentAmountMismatch',
  'StuckOrders',
] as const;
export type BusinessMetricName = (typeof businessMetricNames)[number];

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly metricSources: Readonly<Record<BusinessMetricName, string>>;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.metricSources = props.metricSources;
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      topicName: props.topicName,
      displayName: `${props.topicName} (CloudWatch alarms)`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
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
