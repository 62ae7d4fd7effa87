/**
 * What AWS only accepts in us-east-1, created before the application: the storefront's WAF web
 * ACL (with its request log), the certificate CloudFront serves for a custom domain, and the alarm
 * topic for alarms on CloudFront's metrics (CloudWatch sends an alarm only to a topic of its own
 * region). The application stack (us-east-2) reads these through cross-region references.
 */
import {
  aws_certificatemanager as acm,
  aws_kms as kms,
  aws_route53 as route53,
  CfnOutput,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { resourceNames, type StageConfig } from '../config';
import { AlarmTopic } from '../constructs/monitoring';
import { RateLimitedWebAcl } from '../constructs/rate-limited-web-acl';
import { allowAlarmNotifications, allowStageLogGroups, stageKey } from '../constructs/stage-key';

export interface EdgeStackProps extends StackProps {
  readonly config: StageConfig;
}

export class EdgeStack extends Stack {
  readonly storefrontWebAclArn: string;
  /** The certificate for the custom domain, when one is configured. */
  readonly certificate: acm.ICertificate | undefined;
  readonly alarms: AlarmTopic;
  readonly logsKey: kms.Key;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const names = resourceNames(config);
    this.logsKey = stageKey(
      this,
      'LogsKey',
      config,
      'logs',
      'CloudFront WAF logs and edge alarm notifications',
      this.region,
    );
    allowStageLogGroups(this.logsKey, config.namePrefix);
    allowAlarmNotifications(this.logsKey);

    const acl = new RateLimitedWebAcl(this, 'StorefrontWaf', {
      name: `${config.namePrefix}-storefront`,
      scope: 'CLOUDFRONT',
      requestsPer5MinPerIp: config.waf.storefrontRequestsPer5MinPerIp,
      // With a custom domain the API, Stripe's webhook included, is served through CloudFront too.
      serverToServerPathSuffixes: config.domain ? ['/webhooks/stripe'] : undefined,
      logging: {
        logGroupName: names.wafLogGroup('storefront'),
        retentionDays: config.accessLogRetentionDays,
        key: this.logsKey,
        retain: config.retainData,
      },
    });
    this.storefrontWebAclArn = acl.arn;
    new CfnOutput(this, 'StorefrontWebAclArn', { value: acl.arn });

    this.certificate = config.domain && this.domainCertificate(config.domain);
    this.alarms = new AlarmTopic(this, 'Alarms', {
      topicName: `${names.alarmTopic}-${this.region}`,
      key: this.logsKey,
      destinations: config.alarms,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }

  private domainCertificate(domain: NonNullable<StageConfig['domain']>): acm.ICertificate {
    if (domain.certificateArn) return acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn);
    const zone =
      domain.hostedZone &&
      route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: domain.hostedZone.id,
        zoneName: domain.hostedZone.name,
      });
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: domain.name,
      // With a zone the validation record is written for us; without, the deploy waits until an
      // operator adds the CNAME ACM shows (docs/deploy.md, "Custom domain").
      validation: acm.CertificateValidation.fromDns(zone),
    });
    new CfnOutput(this, 'CertificateArn', { value: certificate.certificateArn });
    return certificate;
  }
}
