import { ArnFormat, aws_kms as kms, aws_logs as logs, aws_wafv2 as wafv2, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Request headers that carry credentials: WAF writes `REDACTED` instead of their values. */
export const REDACTED_HEADERS = ['x-order-token', 'authorization', 'stripe-signature', 'x-origin-verify'] as const;

export interface WebAclLogging {
  /** Must start with `aws-waf-logs-` (WAF refuses any other destination name). */
  readonly logGroupName: string;
  readonly retentionDays: number;
  readonly key: kms.IKey;
  readonly retain: boolean;
}

/**
 * Requests that carry this header with this value came through our CloudFront distribution
 * (which adds it); the per-IP rate limit is then left to the CloudFront web ACL, which sees the
 * viewer's address, instead of counting CloudFront's own addresses here.
 */
export interface TrustedProxyHeader {
  readonly name: string;
  readonly value: string;
}

export interface RateLimitedWebAclProps {
  readonly name: string;
  /** REGIONAL for API Gateway; CLOUDFRONT must be created in us-east-1. */
  readonly scope: 'REGIONAL' | 'CLOUDFRONT';
  readonly requestsPer5MinPerIp: number;
  /**
   * URI path suffixes left out of the per-IP rate limit and of the body-inspecting common rule
   * set: Stripe sends webhooks in bursts from a few addresses, its event bodies can exceed 8 KB
   * and carry buyer-entered text, and the handler accepts only signature-verified bodies.
   */
  readonly serverToServerPathSuffixes?: readonly string[];
  /** Every request is logged (credential headers redacted) to a KMS-encrypted log group. */
  readonly logging: WebAclLogging;
  readonly trustedProxy?: TrustedProxyHeader;
}

const RATE_LIMITED_BODY = 'rate-limited';

/** A web ACL: per-IP rate limit first, then AWS managed rule groups for common attacks. */
export class RateLimitedWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RateLimitedWebAclProps) {
    super(scope, id);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.name}-${metricName}`,
    });
    const exempt = props.serverToServerPathSuffixes ?? [];
    const exemptMatches: wafv2.CfnWebACL.StatementProperty[] = exempt.map((suffix) => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'ENDS_WITH',
        searchString: suffix,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    }));
    const exemptMatch: wafv2.CfnWebACL.StatementProperty | undefined =
      exemptMatches.length > 1 ? { orStatement: { statements: exemptMatches } } : exemptMatches[0];
    const notExempt: wafv2.CfnWebACL.StatementProperty | undefined = exemptMatch && {
      notStatement: { statement: exemptMatch },
    };
    const viaTrustedProxy: wafv2.CfnWebACL.StatementProperty | undefined = props.trustedProxy && {
      byteMatchStatement: {
        fieldToMatch: { singleHeader: { Name: props.trustedProxy.name } },
        positionalConstraint: 'EXACTLY',
        searchString: props.trustedProxy.value,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };
    const notFromProxy: wafv2.CfnWebACL.StatementProperty | undefined = viaTrustedProxy && {
      notStatement: { statement: viaTrustedProxy },
    };
    const rateLimitScope = [notExempt, notFromProxy].filter((statement) => statement !== undefined);
    const rateLimitScopeDown: wafv2.CfnWebACL.StatementProperty | undefined =
      rateLimitScope.length > 1 ? { andStatement: { statements: rateLimitScope } } : rateLimitScope[0];

    const managedGroup = (
      priority: number,
      name: string,
      scopeDownStatement?: wafv2.CfnWebACL.StatementProperty,
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, scopeDownStatement } },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: props.scope,
      defaultAction: { allow: {} },
      visibilityConfig: visibility('web-acl'),
      customResponseBodies: {
        [RATE_LIMITED_BODY]: {
          contentType: 'APPLICATION_JSON',
          // The API's Error schema; WAF has no request id to offer.
          content:
            '{"error":{"code":"RATE_LIMITED","message":"Too many requests from this address; retry later.","requestId":""}}',
        },
      },
      rules: [
        {
          name: 'rate-limit-per-ip',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: RATE_LIMITED_BODY } } },
          statement: {
            rateBasedStatement: {
              limit: props.requestsPer5MinPerIp,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              scopeDownStatement: rateLimitScopeDown,
            },
          },
          visibilityConfig: visibility('rate-limit-per-ip'),
        },
        managedGroup(1, 'AWSManagedRulesCommonRuleSet', notExempt),
        managedGroup(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        managedGroup(3, 'AWSManagedRulesAmazonIpReputationList'),
      ],
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: props.logging.logGroupName,
      retention: props.logging.retentionDays as logs.RetentionDays,
      encryptionKey: props.logging.key,
      removalPolicy: props.logging.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the `:*` suffix CloudFormation's Arn attribute has.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: props.logging.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
  }

  get arn(): string {
    return this.webAcl.attrArn;
  }
}
