/**
 * The storefront: a private, versioned S3 bucket reachable only through CloudFront (Origin
 * Access Control), short-lived HTML and long-lived immutable hashed assets, an SPA fallback,
 * security headers, and access logs for both the bucket and the distribution. With a custom
 * domain the distribution also serves the API under `/api/` (same origin: no CORS, and the CSP
 * allows nothing but 'self').
 */
import {
  aws_apigateway as apigateway,
  aws_certificatemanager as acm,
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
import { acknowledge } from '../nag';
import { accessLogBucket } from './audit-bucket';

/** Vite writes content-hashed files here; everything else (index.html, config.json, …) is short-lived. */
export const ASSETS_PREFIX = 'assets';
export const HTML_MAX_AGE_SECONDS = 60;
export const ASSET_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** The file the storefront reads at start-up to find the API (one build serves every stage). */
export const RUNTIME_CONFIG_FILE = 'config.json';

/** With a custom domain, the API is served under this path of the storefront's origin. */
export const API_PATH_PREFIX = 'api';

/**
 * Viewer-request code (CloudFront Functions, cloudfront-js-2.0). SPA routes: a path whose last
 * segment has no file extension is a client-side route and gets index.html (the 60 s HTML cache
 * entry); files keep their own path, so a missing asset is a real error, not a page.
 */
export const SPA_ROUTING_FUNCTION = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/** Viewer-request code for `/api/*`: drops the prefix, the origin path adds the API stage. */
export const API_PREFIX_FUNCTION = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\\/${API_PATH_PREFIX}(?=\\/|$)/, '') || '/';
  return request;
}`;

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
  /** Origins the pages may call with fetch besides their own (the API's, without a custom domain). */
  readonly connectSources: readonly string[];
  /** ARN of a CLOUDFRONT-scope WAF web ACL (created in us-east-1). */
  readonly webAclArn: string;
  readonly accessLogRetentionDays: number;
  /** A custom domain and its us-east-1 certificate; viewers then need TLS 1.2 or later. */
  readonly domain?: { readonly name: string; readonly certificate: acm.ICertificate };
}

export interface ApiBehaviorProps {
  readonly api: apigateway.RestApiBase;
  /** A header CloudFront adds to every API request, so the API's WAF can tell it from direct calls. */
  readonly originVerifyHeader?: { readonly name: string; readonly value: string };
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
  private readonly securityHeaders: cloudfront.IResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: StorefrontProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    const removal = props.retain
      ? { removalPolicy: RemovalPolicy.RETAIN }
      : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };

    this.logBucket = accessLogBucket(this, 'AccessLogs', {
      retentionDays: props.accessLogRetentionDays,
      retain: props.retain,
      acceptsAclDelivery: true,
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
    acknowledge(
      this.bucket,
      'The storefront build is public content served to every visitor; SSE-S3 protects it at rest and OAC keeps the bucket private.',
      'PCI.DSS.321-S3DefaultEncryptionKMS',
    );
    acknowledge(
      this.bucket,
      'The site is rebuilt from the repository by every deploy; a replica would hold nothing that git and the build cannot recreate.',
      'PCI.DSS.321-S3BucketReplicationEnabled',
    );

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

    this.securityHeaders = securityHeaders;
    const spaRouting = new cloudfront.Function(this, 'SpaRouting', {
      functionName: `${props.namePrefix}-spa-routing`,
      comment: 'Client-side routes (no file extension) get index.html',
      code: cloudfront.FunctionCode.fromInline(SPA_ROUTING_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.namePrefix} storefront`,
      defaultRootObject: 'index.html',
      domainNames: props.domain && [props.domain.name],
      certificate: props.domain?.certificate,
      minimumProtocolVersion: props.domain ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: htmlCache,
        responseHeadersPolicy: securityHeaders,
        compress: true,
        functionAssociations: [{ function: spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
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
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      webAclId: props.webAclArn,
    });
    this.url = props.domain ? `https://${props.domain.name}` : `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Serves the API under `/api/` of this origin: nothing cached, every viewer header, query string
   * and cookie forwarded (except Host, which must name API Gateway), HTTPS only (a redirect would
   * turn a POST into a GET). Returns the API's base URL on this origin.
   */
  serveApi(props: ApiBehaviorProps): string {
    const stripPrefix = new cloudfront.Function(this, 'ApiPrefix', {
      functionName: `${this.namePrefix}-api-prefix`,
      comment: `Maps /${API_PATH_PREFIX}/<path> to the API stage's /<path>`,
      code: cloudfront.FunctionCode.fromInline(API_PREFIX_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    const origin = new origins.RestApiOrigin(props.api, {
      customHeaders: props.originVerifyHeader && { [props.originVerifyHeader.name]: props.originVerifyHeader.value },
    });
    this.distribution.addBehavior(`/${API_PATH_PREFIX}/*`, origin, {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.securityHeaders,
      compress: true,
      functionAssociations: [{ function: stripPrefix, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    });
    return `${this.url}/${API_PATH_PREFIX}/`;
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
