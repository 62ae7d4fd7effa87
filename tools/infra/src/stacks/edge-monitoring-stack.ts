/**
 * Alarms on CloudFront's metrics, which CloudWatch keeps only in us-east-1. They need the
 * distribution (app stack) and the us-east-1 alarm topic (edge stack), so this small stack is
 * deployed last.
 */
import { aws_cloudwatch as cloudwatch, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import type { AlarmTopic } from '../constructs/monitoring';

export interface EdgeMonitoringStackProps extends StackProps {
  readonly config: StageConfig;
  readonly distributionId: string;
  readonly alarms: AlarmTopic;
}

/** CloudFront's percentage of 5xx responses, as the dashboard (us-east-2) also draws it. */
export function cloudFront5xxRate(distributionId: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/CloudFront',
    metricName: '5xxErrorRate',
    dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
    statistic: 'Average',
    period: Duration.minutes(1),
    region: 'us-east-1',
  });
}

export class EdgeMonitoringStack extends Stack {
  constructor(scope: Construct, id: string, props: EdgeMonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;
    const threshold = config.monitoring.cloudFront5xxRatePercent;
    props.alarms.alarm(this, 'Storefront5xxRateAlarm', {
      alarmName: `${config.namePrefix}-storefront-5xx-rate`,
      alarmDescription: `More than ${threshold}% of CloudFront responses were 5xx in 3 of the last 5 minutes (origin S3 or API unreachable, or CloudFront failing)`,
      metric: cloudFront5xxRate(props.distributionId),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
  }
}
