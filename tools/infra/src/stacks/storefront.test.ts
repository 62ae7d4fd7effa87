/**
 * Storefront: private versioned bucket behind CloudFront (OAC), cache lifetimes, SPA routing,
 * security headers, HTTPS only, WAF, the build deployed with an HTML invalidation, and, with a
 * custom domain, the certificate, TLS 1.2, alias records and the API under /api/.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageNames } from '../config';
import { API_PREFIX_FUNCTION, SPA_ROUTING_FUNCTION } from '../constructs/storefront';
import {
  fixtureConfig,
  resourceMentioning,
  resourcesOfType,
  synthesizedStage,
  template,
  templateJson,
} from '../testing/templates';

type Behavior = Record<string, unknown> & { PathPattern?: string };

describe.each(stageNames)('storefront (%s)', (stage) => {
  let app: Template;
  let json: ReturnType<typeof templateJson>;
  let distribution: Record<string, unknown>;
  const config = fixtureConfig(stage);
  const domain = config.domain;
  const behaviors = () =>
    [distribution['DefaultCacheBehavior'], ...(distribution['CacheBehaviors'] as unknown[])] as Behavior[];

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
    const s3Origins = origins.filter((origin) => origin['S3OriginConfig'] !== undefined);
    expect(s3Origins).toHaveLength(1);
    expect(s3Origins[0]!['OriginAccessControlId']).toBeDefined();
    expect(origins).toHaveLength(domain ? 2 : 1);
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

  it('redirects HTTP to HTTPS for pages and assets, and accepts only HTTPS for the API', () => {
    // Act
    const policies = Object.fromEntries(
      behaviors().map((behavior) => [behavior.PathPattern ?? 'default', behavior['ViewerProtocolPolicy']]),
    );

    // Assert
    expect(policies).toEqual({
      default: 'redirect-to-https',
      'assets/*': 'redirect-to-https',
      // A redirect would turn an API POST into a GET.
      ...(domain ? { '/api/*': 'https-only' } : {}),
    });
  });

  it('serves index.html for client-side routes through a viewer-request function, never for API errors', () => {
    // Act
    const defaultBehavior = distribution['DefaultCacheBehavior'] as {
      FunctionAssociations: Array<{ EventType: string; FunctionARN: { 'Fn::GetAtt': [string, string] } }>;
    };
    const [association] = defaultBehavior.FunctionAssociations;
    const fn = json.Resources[association!.FunctionARN['Fn::GetAtt'][0]]!.Properties!;

    // Assert
    expect(association!.EventType).toBe('viewer-request');
    expect(fn['FunctionCode']).toBe(SPA_ROUTING_FUNCTION);
    expect(fn['FunctionConfig']).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    // Distribution-wide error pages would turn the API's 4xx/5xx into a 200 HTML page.
    expect(distribution['CustomErrorResponses']).toBeUndefined();
    expect(distribution['DefaultRootObject']).toBe('index.html');
  });

  it(
    domain
      ? 'sends HSTS, a CSP that allows only its own origin (the API is under /api/), nosniff and frame-deny'
      : 'sends HSTS, a CSP that allows the API origin, nosniff and frame-deny on every response',
    () => {
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
      if (domain) {
        expect(csp).toContain("connect-src 'self';");
        expect(csp).not.toContain('execute-api');
      } else {
        expect(csp).toContain("connect-src 'self' https://*.execute-api.us-east-2.amazonaws.com");
      }
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      for (const behavior of behaviors()) expect(behavior['ResponseHeadersPolicyId']).toEqual({ Ref: policyRef });
    },
  );

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
    const runtimeConfig = JSON.parse(readFileSync(join(assetDir, readdirSync(assetDir)[0]!), 'utf8')) as Record<
      string,
      string
    >;

    // Assert
    expect(readdirSync(assetDir)).toEqual(['config.json']);
    expect(runtimeConfig['stage']).toBe(stage);
    if (domain) {
      expect(runtimeConfig['apiUrl']).toBe(`https://${domain.name}/api/`);
    } else {
      expect(runtimeConfig['apiUrl']).toMatch(
        /^https:\/\/<<marker:0xbaba:0>>\.execute-api\.us-east-2\.<<marker:0xbaba:1>>\/<<marker:0xbaba:2>>\/$/,
      );
      expect((html.Properties!['SourceMarkers'] as unknown[])[1]).toMatchObject({
        '<<marker:0xbaba:0>>': { Ref: expect.stringMatching(/^Api/) as unknown },
      });
    }
  });

  it('outputs the storefront URL', () => {
    // Act & Assert
    app.hasOutput('StorefrontUrl', {
      Value: domain
        ? `https://${domain.name}`
        : {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^StorefrontDistribution'), 'DomainName'] }],
            ],
          },
    });
  });

  it(
    domain
      ? 'answers on the custom domain with its us-east-1 certificate, TLS 1.2 (2021) at least, SNI'
      : 'keeps the default *.cloudfront.net name and certificate without a custom domain',
    () => {
      // Act
      const aliases = distribution['Aliases'];
      const viewerCertificate = distribution['ViewerCertificate'];

      // Assert
      if (!domain) {
        expect(aliases).toBeUndefined();
        expect(viewerCertificate).toBeUndefined();
        return;
      }
      expect(aliases).toEqual([domain.name]);
      expect(viewerCertificate).toEqual({
        AcmCertificateArn: {
          'Fn::GetStackOutput': {
            StackName: `ticketstoheaven-${stage}-edge`,
            Region: 'us-east-1',
            OutputName: expect.stringContaining('Certificate') as unknown,
          },
        },
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      });
    },
  );

  it(
    domain?.hostedZone
      ? 'points the domain at the distribution with A and AAAA alias records in the hosted zone'
      : 'writes no DNS record without a hosted zone',
    () => {
      // Act
      const records = resourcesOfType(json, 'AWS::Route53::RecordSet').map(([, record]) => record.Properties!);

      // Assert
      if (!domain?.hostedZone) {
        expect(records).toEqual([]);
        return;
      }
      expect(records.map((record) => [record['Type'], record['Name'], record['HostedZoneId']]).sort()).toEqual([
        ['A', `${domain.name}.`, domain.hostedZone.id],
        ['AAAA', `${domain.name}.`, domain.hostedZone.id],
      ]);
      for (const record of records) expect(JSON.stringify(record['AliasTarget'])).toContain('StorefrontDistribution');
    },
  );

  it(
    domain
      ? 'serves the API under /api/ of the same origin: uncached, all methods, verified origin'
      : 'serves no API path without a custom domain (the storefront calls execute-api directly)',
    () => {
      // Act
      const api = behaviors().find((behavior) => behavior.PathPattern === '/api/*');
      if (!domain) {
        expect(api).toBeUndefined();
        expect(resourcesOfType(json, 'AWS::CloudFront::Function')).toHaveLength(1);
        return;
      }
      expect(api).toBeDefined();
      const origin = (distribution['Origins'] as Array<Record<string, unknown>>).find(
        (candidate) => candidate['Id'] === api!['TargetOriginId'],
      )!;
      const cachePolicy = api!['CachePolicyId'];
      const fn =
        json.Resources[
          (api!['FunctionAssociations'] as Array<{ FunctionARN: { 'Fn::GetAtt': [string, string] } }>)[0]!.FunctionARN[
            'Fn::GetAtt'
          ][0]
        ]!.Properties!;

      // Assert
      expect(api!['AllowedMethods']).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
      // AWS managed CachingDisabled and AllViewerExceptHostHeader policies.
      expect(cachePolicy).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
      expect(api!['OriginRequestPolicyId']).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
      // '/' + the stage name (v1), as API Gateway's stage resource names it.
      expect(JSON.stringify(origin['OriginPath'])).toMatch(/^\{"Fn::Join":\["",\["\/",.*ApiDeploymentStagev1/);
      expect(JSON.stringify(origin['DomainName'])).toContain('.execute-api.us-east-2.');
      expect(origin['CustomOriginConfig']).toMatchObject({ OriginProtocolPolicy: 'https-only' });
      expect(origin['OriginCustomHeaders']).toEqual([
        {
          HeaderName: 'x-origin-verify',
          HeaderValue: `{{resolve:secretsmanager:ticketstoheaven/${stage}/cloudfront-origin-verify:SecretString:value::}}`,
        },
      ]);
      expect(fn['FunctionCode']).toBe(API_PREFIX_FUNCTION);
    },
  );
});

/** Runs CloudFront Function code (plain ES5 here) on a viewer request. */
function runViewerRequest(code: string, uri: string): string {
  const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { uri: string };
  return handler({ request: { uri, method: 'GET', headers: {}, querystring: {} } }).uri;
}

describe('CloudFront viewer-request functions', () => {
  it.each([
    ['/', '/index.html'],
    ['/events/evt_123', '/index.html'],
    ['/orders/ord_1/cancelled', '/index.html'],
    ['/config.json', '/config.json'],
    ['/assets/index-3f9a1c2b.js', '/assets/index-3f9a1c2b.js'],
    ['/favicon.ico', '/favicon.ico'],
  ])('SPA routing sends %s to %s', (uri, expected) => {
    // Act
    const routed = runViewerRequest(SPA_ROUTING_FUNCTION, uri);

    // Assert
    expect(routed).toBe(expected);
  });

  it.each([
    ['/api/events', '/events'],
    ['/api/orders/ord_1/cancel', '/orders/ord_1/cancel'],
    ['/api/webhooks/stripe', '/webhooks/stripe'],
    ['/api', '/'],
    ['/apiary/x', '/apiary/x'],
  ])('the API prefix function maps %s to the stage path %s', (uri, expected) => {
    // Act
    const mapped = runViewerRequest(API_PREFIX_FUNCTION, uri);

    // Assert
    expect(mapped).toBe(expected);
  });
});
