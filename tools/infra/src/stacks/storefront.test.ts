/**
 * Storefront: private versioned bucket behind CloudFront (OAC), cache lifetimes, SPA fallback,
 * security headers, HTTPS only, WAF, and the build deployed with an HTML invalidation.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourceMentioning, resourcesOfType, synthesizedStage, template, templateJson } from '../testing/templates';

describe.each(['dev', 'prod'] as const)('storefront (%s)', (stage) => {
  let app: Template;
  let json: ReturnType<typeof templateJson>;
  let distribution: Record<string, unknown>;

  beforeAll(() => {
    app = template(stage, 'app');
    json = templateJson(stage, 'app');
    distribution = resourcesOfType(json, 'AWS::CloudFront::Distribution')[0]![1].Properties![
      'DistributionConfig'
    ] as Record<string, unknown>;
  });

  it('keeps the site in a private, versioned, encrypted bucket that logs access', () => {
    // Act & Assert
    app.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 's3-site/' },
    });
  });

  it('denies every request to either bucket that does not use TLS', () => {
    // Act
    const policies = resourcesOfType(json, 'AWS::S3::BucketPolicy').map(
      ([, policy]) => (policy.Properties!['PolicyDocument'] as { Statement: unknown[] }).Statement,
    );

    // Assert
    expect(policies).toHaveLength(2);
    for (const statements of policies) {
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('lets only this distribution read the site bucket, through Origin Access Control', () => {
    // Act
    const [, sitePolicy] = resourceMentioning(json, 'AWS::S3::BucketPolicy', 'cloudfront.amazonaws.com');
    const origins = distribution['Origins'] as Array<Record<string, unknown>>;

    // Assert
    expect(JSON.stringify(sitePolicy.Properties)).toMatch(
      /"Action":"s3:GetObject","Condition":\{"StringEquals":\{"AWS:SourceArn":.*distribution\/.*StorefrontDistribution/,
    );
    expect(origins).toHaveLength(1);
    expect(origins[0]!['OriginAccessControlId']).toBeDefined();
    app.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
  });

  it('caches HTML for at most 60 s and hashed assets for a year', () => {
    // Act
    const cachePolicyOf = (behavior: unknown) =>
      json.Resources[(behavior as { CachePolicyId: { Ref: string } }).CachePolicyId.Ref]!.Properties![
        'CachePolicyConfig'
      ];
    const assets = (distribution['CacheBehaviors'] as Array<Record<string, unknown>>).find(
      (behavior) => behavior['PathPattern'] === 'assets/*',
    );

    // Assert
    expect(cachePolicyOf(distribution['DefaultCacheBehavior'])).toMatchObject({
      DefaultTTL: 60,
      MaxTTL: 60,
      MinTTL: 0,
    });
    expect(cachePolicyOf(assets)).toMatchObject({ DefaultTTL: 31536000, MaxTTL: 31536000 });
  });

  it('redirects HTTP to HTTPS on every behavior', () => {
    // Act
    const behaviors = [distribution['DefaultCacheBehavior'], ...(distribution['CacheBehaviors'] as unknown[])] as Array<
      Record<string, unknown>
    >;

    // Assert
    expect(behaviors.map((behavior) => behavior['ViewerProtocolPolicy'])).toEqual([
      'redirect-to-https',
      'redirect-to-https',
    ]);
  });

  it('serves index.html for unknown paths (SPA routes) without caching the fallback', () => {
    // Act & Assert
    expect(distribution['CustomErrorResponses']).toEqual([
      { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
      { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
    ]);
    expect(distribution['DefaultRootObject']).toBe('index.html');
  });

  it('sends HSTS, a CSP that allows the API origin, nosniff and frame-deny on every response', () => {
    // Act
    const policyRef = (distribution['DefaultCacheBehavior'] as { ResponseHeadersPolicyId: { Ref: string } })
      .ResponseHeadersPolicyId.Ref;
    const headers = (
      json.Resources[policyRef]!.Properties!['ResponseHeadersPolicyConfig'] as {
        SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      }
    ).SecurityHeadersConfig;

    // Assert
    expect(headers['StrictTransportSecurity']).toMatchObject({
      AccessControlMaxAgeSec: 63072000,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(headers['ContentTypeOptions']).toEqual({ Override: true });
    expect(headers['FrameOptions']).toEqual({ FrameOption: 'DENY', Override: true });
    const csp = headers['ContentSecurityPolicy']!['ContentSecurityPolicy'] as string;
    expect(csp).toContain("connect-src 'self' https://*.execute-api.us-east-2.amazonaws.com");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(
      (distribution['CacheBehaviors'] as Array<{ ResponseHeadersPolicyId: unknown }>)[0]!.ResponseHeadersPolicyId,
    ).toEqual({ Ref: policyRef });
  });

  it('is protected by the us-east-1 web ACL and writes access logs', () => {
    // Act & Assert
    expect(distribution['WebACLId']).toEqual({
      'Fn::GetStackOutput': {
        StackName: `ticketstoheaven-${stage}-edge`,
        Region: 'us-east-1',
        OutputName: expect.stringContaining('StorefrontWafWebAcl') as unknown,
      },
    });
    expect(distribution['Logging']).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('uploads hashed assets as immutable first, then HTML and config.json with an invalidation', () => {
    // Act
    const deployments = resourcesOfType(json, 'Custom::CDKBucketDeployment');
    const [assetsId, assets] = deployments.find(
      ([, deployment]) => JSON.stringify(deployment.Properties!['Include']) === '["assets/*"]',
    )!;
    const [, html] = deployments.find(([, deployment]) => deployment.Properties!['DistributionPaths'] !== undefined)!;

    // Assert
    expect(deployments).toHaveLength(2);
    expect(assets.Properties).toMatchObject({
      Exclude: ['*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(html.Properties).toMatchObject({
      Exclude: ['assets/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'public, max-age=60' },
      DistributionPaths: ['/', '/index.html', '/config.json'],
    });
    expect([html.DependsOn].flat()).toContain(assetsId);
  });

  it('writes config.json with the API base URL of this stage next to index.html', () => {
    // Arrange
    const { outdir } = synthesizedStage(stage);
    const [, html] = resourcesOfType(json, 'Custom::CDKBucketDeployment').find(
      ([, deployment]) => deployment.Properties!['DistributionPaths'] !== undefined,
    )!;
    const configKey = (html.Properties!['SourceObjectKeys'] as string[])[1]!.replace(/\.zip$/, '');

    // Act
    const assetDir = join(outdir, `asset.${configKey}`);
    const config = JSON.parse(readFileSync(join(assetDir, readdirSync(assetDir)[0]!), 'utf8')) as Record<
      string,
      string
    >;

    // Assert
    expect(readdirSync(assetDir)).toEqual(['config.json']);
    expect(config['stage']).toBe(stage);
    expect(config['apiUrl']).toMatch(
      /^https:\/\/<<marker:0xbaba:0>>\.execute-api\.us-east-2\.<<marker:0xbaba:1>>\/<<marker:0xbaba:2>>\/$/,
    );
    expect((html.Properties!['SourceMarkers'] as unknown[])[1]).toMatchObject({
      '<<marker:0xbaba:0>>': { Ref: expect.stringMatching(/^Api/) as unknown },
    });
  });

  it('outputs the storefront URL', () => {
    // Act & Assert
    app.hasOutput('StorefrontUrl', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^StorefrontDistribution'), 'DomainName'] }],
        ],
      },
    });
  });
});
