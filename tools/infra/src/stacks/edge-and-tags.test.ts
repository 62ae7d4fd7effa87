/**
 * The us-east-1 edge stack (CloudFront web ACL) and the tags every resource carries.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, templateJson, type StackKind } from '../testing/templates';

describe.each(['dev', 'prod'] as const)('edge stack (%s)', (stage) => {
  let json: ReturnType<typeof templateJson>;

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
      Limit: stage === 'prod' ? 5000 : 2000,
      AggregateKeyType: 'IP',
    });
    expect(rules[0]!.Statement.RateBasedStatement.ScopeDownStatement).toBeUndefined();
  });
});

describe.each(['dev', 'prod'] as const)('tags (%s)', (stage) => {
  const expected = { Project: 'TicketsToHeaven', Environment: stage, ManagedBy: 'CDK' };

  function tagsOf(tags: unknown): Record<string, string> {
    if (Array.isArray(tags))
      return Object.fromEntries(tags.map((tag: { Key: string; Value: string }) => [tag.Key, tag.Value]));
    return (tags ?? {}) as Record<string, string>;
  }

  it.each(['data', 'edge', 'app'] as StackKind[])(
    'tags every taggable resource of the %s stack with Project, Environment and ManagedBy',
    (kind) => {
      // Act
      const tagged = Object.entries(templateJson(stage, kind).Resources).filter(
        ([, resource]) => resource.Properties?.['Tags'] !== undefined,
      );

      // Assert
      expect(tagged.length).toBeGreaterThan(0);
      for (const [, resource] of tagged) expect(tagsOf(resource.Properties!['Tags'])).toMatchObject(expected);
    },
  );

  it('reaches the resources that matter for cost and ownership', () => {
    // Act
    const types = (['data', 'edge', 'app'] as StackKind[]).flatMap((kind) =>
      Object.values(templateJson(stage, kind).Resources)
        .filter((resource) => resource.Properties?.['Tags'] !== undefined)
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
    ]) {
      expect(types).toContain(type);
    }
  });
});
