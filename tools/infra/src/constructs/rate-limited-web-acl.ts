import { aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';

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
}

const RATE_LIMITED_BODY = 'rate-limited';

/** A web ACL: per-IP rate limit first, then AWS managed rule groups for common attacks. */
export class RateLimitedWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

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
              scopeDownStatement: notExempt,
            },
          },
          visibilityConfig: visibility('rate-limit-per-ip'),
        },
        managedGroup(1, 'AWSManagedRulesCommonRuleSet', notExempt),
        managedGroup(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        managedGroup(3, 'AWSManagedRulesAmazonIpReputationList'),
      ],
    });
  }

  get arn(): string {
    return this.webAcl.attrArn;
  }
}
