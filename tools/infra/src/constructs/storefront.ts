/**
 * The storefront: a private, versioned S3 bucket reachable only through CloudFront (Origin
 * Access Control), short-lived HTML and long-lived immutable hashed assets, an SPA fallback,
 * security headers, and access logs for both the bucket and the distribution.
 */
import {
  aws_cloudfront as cloudfront,
  aws_cloudfront_origins as origins,
  aws_kms as kms,
  aws_logs as logs,
  aws_s3 as s3,
  aws_s3_deployment as s3deploy,
  Duration,
  RemovalPolicy,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Vite writes content-hashed files here; everything else (index.html, config.json, …) is short-lived. */
export const ASSETS_PREFIX = 'assets';
export const HTML_MAX_AGE_SECONDS = 60;
export const ASSET_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** The file the storefront reads at start-up to find the API (one build serves every stage). */
export const RUNTIME_CONFIG_FILE = 'config.json';

export interface StorefrontBuildProps {
  /** The `nx run storefront:build` output folder. */
  readonly sourceDir: string;
  /** Written to /config.json next to index.html; may contain deploy-time values (the API URL). */
  readonly runtimeConfig: Readonly<Record<string, string>>;
  readonly logRetentionDays: number;
  readonly logKey: kms.IKey;
}

export interface StorefrontProps {
  readonly namePrefix: string;
  readonly retain: boolean;
  /** Origins the pages may call with fetch (the API), for the CSP's connect-src. */
  readonly connectSources: readonly string[];
  /** ARN of a CLOUDFRONT-scope WAF web ACL (created in us-east-1). */
  readonly webAclArn: string;
}

export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

export class Storefront extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: the one origin the API accepts. */
  readonly url: string;
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: StorefrontProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    const removal = props.retain
      ? { removalPolicy: RemovalPolicy.RETAIN }
      : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };

    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      ...removal,
    });

    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3-site/',
      lifecycleRules: [{ id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(30) }],
      ...removal,
    });

    const htmlCache = new cloudfront.CachePolicy(this, 'HtmlCache', {
      cachePolicyName: `${props.namePrefix}-html`,
      comment: 'index.html, config.json and SPA routes: at most 60 s old',
      defaultTtl: Duration.seconds(HTML_MAX_AGE_SECONDS),
      maxTtl: Duration.seconds(HTML_MAX_AGE_SECONDS),
      minTtl: Duration.seconds(0),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const assetCache = new cloudfront.CachePolicy(this, 'AssetCache', {
      cachePolicyName: `${props.namePrefix}-hashed-assets`,
      comment: 'Content-hashed build assets: immutable, cached for a year',
      defaultTtl: Duration.seconds(ASSET_MAX_AGE_SECONDS),
      maxTtl: Duration.seconds(ASSET_MAX_AGE_SECONDS),
      minTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${props.namePrefix}-security-headers`,
      comment: 'HSTS, CSP, nosniff, frame deny, referrer policy',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.connectSources), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=()',
            override: true,
          },
        ],
      },
    });

    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.namePrefix} storefront`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: htmlCache,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      additionalBehaviors: {
        [`${ASSETS_PREFIX}/*`]: {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: assetCache,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
      },
      // SPA fallback: an unknown path is a client-side route. Without s3:ListBucket the bucket
      // answers 403 for a missing key. Not cached, so a new index.html is picked up at once.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      webAclId: props.webAclArn,
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Uploads the storefront build: hashed assets first (immutable, never pruned so pages still
   * cached by browsers keep working), then HTML and config.json (60 s) with an invalidation of
   * the HTML paths, so a release is visible at once and never references a missing asset.
   */
  deployBuild(props: StorefrontBuildProps): {
    readonly assets: s3deploy.BucketDeployment;
    readonly html: s3deploy.BucketDeployment;
  } {
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', {
      // Named under the stage prefix: the KMS key lets CloudWatch Logs use it for those groups only.
      logGroupName: `/aws/lambda/${this.namePrefix}-storefront-deployment`,
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const build = s3deploy.Source.asset(props.sourceDir);
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [build],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: [`${ASSETS_PREFIX}/*`],
      prune: false,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.seconds(ASSET_MAX_AGE_SECONDS)),
        s3deploy.CacheControl.immutable(),
      ],
      memoryLimit: 512,
      logGroup,
    });
    const html = new s3deploy.BucketDeployment(this, 'DeployHtml', {
      sources: [build, s3deploy.Source.jsonData(RUNTIME_CONFIG_FILE, props.runtimeConfig)],
      destinationBucket: this.bucket,
      exclude: [`${ASSETS_PREFIX}/*`],
      prune: true,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.seconds(HTML_MAX_AGE_SECONDS)),
      ],
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', `/${RUNTIME_CONFIG_FILE}`],
      memoryLimit: 512,
      logGroup,
    });
    html.node.addDependency(assets);
    return { assets, html };
  }
}
