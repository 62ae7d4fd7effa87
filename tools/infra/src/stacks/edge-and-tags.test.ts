/**
 * The us-east-1 edge stack (CloudFront web ACL and its log, the custom domain's certificate, the
 * edge alarm topic) and the tags every resource carries.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageNames } from '../config';
import {
  fixtureConfig,
  resourcesOfType,
  template,
  templateJson,
  type CfnResource,
  type StackKind,
} from '../testing/templates';

describe.each(stageNames)('edge stack (%s)', (stage) => {
  let json: ReturnType<typeof templateJson>;
  const config = fixtureConfig(stage);

  beforeAll(() => {
    json = templateJson(stage, 'edge');
  });

  it('creates the CloudFront-scope web ACL with a per-IP rate limit and managed rule groups', () => {
    // Act
    const acls = resourcesOfType(json, 'AWS::WAFv2::WebACL');
    const rules = acls[0]![1].Properties!['Rules'] as Array<{
      Name: string;
      Priority: number;
      Statement: { RateBasedStatement: { ScopeDownStatement?: unknown } };
    }>;

    // Assert
    expect(acls).toHaveLength(1);
    expect(acls[0]![1].Properties).toMatchObject({
      Name: `ticketstoheaven-${stage}-storefront`,
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
    });
    expect(rules.map((rule) => [rule.Priority, rule.Name])).toEqual([
      [0, 'rate-limit-per-ip'],
      [1, 'AWSManagedRulesCommonRuleSet'],
      [2, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [3, 'AWSManagedRulesAmazonIpReputationList'],
    ]);
    expect(rules[0]!.Statement.RateBasedStatement).toMatchObject({
      Limit: config.waf.storefrontRequestsPer5MinPerIp,
      AggregateKeyType: 'IP',
    });
    // With the API behind CloudFront, Stripe's webhook bursts pass the edge limit as they pass the API's.
    const scopeDown = JSON.stringify(rules[0]!.Statement.RateBasedStatement.ScopeDownStatement ?? null);
    expect(scopeDown.includes('"SearchString":"/webhooks/stripe"')).toBe(config.domain !== undefined);
  });

  it('logs every request to a KMS-encrypted us-east-1 log group for the access-log retention', () => {
    // Act
    const [aclId] = resourcesOfType(json, 'AWS::WAFv2::WebACL')[0]!;
    const logging = resourcesOfType(json, 'AWS::WAFv2::LoggingConfiguration')[0]![1].Properties!;
    const [keyId] = resourcesOfType(json, 'AWS::KMS::Key')[0]!;

    // Assert
    expect(logging['ResourceArn']).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(logging['LogDestinationConfigs'])).toContain(
      `:log-group:aws-waf-logs-ticketstoheaven-${stage}-storefront`,
    );
    expect(logging['RedactedFields']).toContainEqual({ SingleHeader: { Name: 'x-order-token' } });
    template(stage, 'edge').hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `aws-waf-logs-ticketstoheaven-${stage}-storefront`,
      RetentionInDays: config.accessLogRetentionDays,
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it(
    config.domain
      ? 'requests the custom domain certificate in us-east-1, validated through the hosted zone'
      : 'requests no certificate without a custom domain',
    () => {
      // Act
      const certificates = resourcesOfType(json, 'AWS::CertificateManager::Certificate').map(
        ([, certificate]) => certificate.Properties!,
      );

      // Assert
      if (!config.domain) {
        expect(certificates).toEqual([]);
        return;
      }
      expect(certificates).toEqual([
        expect.objectContaining({
          DomainName: config.domain.name,
          ValidationMethod: 'DNS',
          DomainValidationOptions: [{ DomainName: config.domain.name, HostedZoneId: config.domain.hostedZone!.id }],
        }),
      ]);
    },
  );

  it('has its own rotating logs key that the WAF log group and the alarm topic may use', () => {
    // Act & Assert
    template(stage, 'edge').hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'logs.us-east-1.amazonaws.com' } }),
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });
});

const allStacks: StackKind[] = ['recovery', 'data', 'edge', 'app', 'edgeMonitoring'];

describe.each(stageNames)('tags (%s)', (stage) => {
  const expected = { Project: 'TicketsToHeaven', Environment: stage, ManagedBy: 'CDK' };

  // Most resources call it Tags; AWS Backup names it after the resource.
  const tagProperty = (resource: CfnResource) =>
    resource.Properties?.['Tags'] ??
    resource.Properties?.['BackupVaultTags'] ??
    resource.Properties?.['BackupPlanTags'];

  function tagsOf(tags: unknown): Record<string, string> {
    if (Array.isArray(tags))
      return Object.fromEntries(tags.map((tag: { Key: string; Value: string }) => [tag.Key, tag.Value]));
    return (tags ?? {}) as Record<string, string>;
  }

  it.each(allStacks)('tags every taggable resource of the %s stack with Project, Environment and ManagedBy', (kind) => {
    // Act
    const tagged = Object.entries(templateJson(stage, kind).Resources).filter(
      ([, resource]) => tagProperty(resource) !== undefined,
    );

    // Assert
    expect(tagged.length).toBeGreaterThan(0);
    for (const [, resource] of tagged) expect(tagsOf(tagProperty(resource))).toMatchObject(expected);
  });

  it('reaches the resources that matter for cost and ownership', () => {
    // Act
    const types = allStacks.flatMap((kind) =>
      Object.values(templateJson(stage, kind).Resources)
        .filter((resource) => tagProperty(resource) !== undefined)
        .map((resource) => resource.Type),
    );

    // Assert
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::KMS::Key',
      'AWS::SecretsManager::Secret',
      'AWS::SSM::Parameter',
      'AWS::Lambda::Function',
      'AWS::S3::Bucket',
      'AWS::CloudFront::Distribution',
      'AWS::ApiGateway::RestApi',
      'AWS::SQS::Queue',
      'AWS::SNS::Topic',
      'AWS::WAFv2::WebACL',
      'AWS::Logs::LogGroup',
      'AWS::CloudTrail::Trail',
      'AWS::Backup::BackupVault',
      'AWS::CloudWatch::Alarm',
    ]) {
      expect(types).toContain(type);
    }
  });
});
