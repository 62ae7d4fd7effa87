/**
 * Stage configuration: everything that differs between `dev`, `staging` and `prod` lives here,
 * so a reviewer can compare the stages in one screen (`nx run infra:diff-stages` prints the
 * differences). Two kinds of values:
 *
 * - stage defaults (`baseConfigs`): sizes, retention, limits, deployment style;
 * - operator settings (`operatorSettings`): what only the team running a stage knows (where
 *   alarms go, the domain, the fulfillment provider's endpoint, a restored table). They are code,
 *   reviewed and kept across deploys: a deploy can never silently drop them.
 *
 * A few values may be overridden with CDK context (`-c key=value`) for one-off runs; nothing that
 * a later deploy without the flag would undo belongs there.
 */
import type { TableId } from '@tth/data';
import { functionNames, type FunctionName } from './functions';

export const stageNames = ['dev', 'staging', 'prod'] as const;
export type StageName = (typeof stageNames)[number];

/** The project's home region (DESIGN.md). CloudFront's web ACL and certificate must live in us-east-1. */
export const PRIMARY_REGION = 'us-east-2';
export const EDGE_REGION = 'us-east-1';
/** The second region (seed 003): audit-bucket replica and backup copies. */
export const RECOVERY_REGION = 'us-west-2';
export const PROJECT_NAME = 'TicketsToHeaven';
export const NAME_ROOT = 'ticketstoheaven';
export const METRICS_NAMESPACE = 'TicketsToHeaven';

export type DeploymentStyle = 'canary' | 'all-at-once';

/**
 * Where alarms go. Every alarm notifies the stage's alarm topics (one per region that has alarms);
 * these are their subscribers. Production refuses to deploy without at least one.
 */
export interface AlarmDestinations {
  /** Subscribed by e-mail; each address confirms the message AWS sends after the first deploy. */
  readonly emails: readonly string[];
  /**
   * HTTPS endpoints subscribed to the topics: incident and chat tools that accept SNS
   * notifications and confirm the subscription themselves (PagerDuty, Opsgenie, a chat relay).
   */
  readonly webhooks: readonly string[];
  /** A Slack channel through AWS Chatbot (authorise the workspace once in the Chatbot console). */
  readonly slack?: { readonly workspaceId: string; readonly channelId: string };
}

/** A custom domain for the storefront and the API (under `/api/`). */
export interface DomainSettings {
  /** e.g. `tickets.example.com`: the storefront at `https://<name>/`, the API at `https://<name>/api/`. */
  readonly name: string;
  /** Route 53 zone holding `name`: the certificate is validated and the alias records written there. */
  readonly hostedZone?: { readonly id: string; readonly name: string };
  /**
   * An issued ACM certificate in us-east-1 covering `name`. Without it the edge stack requests one,
   * validated through the hosted zone (or by hand: the deploy waits until the DNS record exists).
   */
  readonly certificateArn?: string;
}

/** A table restored from a backup that the stage uses instead of the one it created (docs/restore.md). */
export interface RestoredTable {
  readonly tableName: string;
  /** Required for a table with a stream (Orders): the restore script prints it. */
  readonly streamArn?: string;
}

export interface OperatorSettings {
  readonly alarms: AlarmDestinations;
  /** Undefined: the storefront on `*.cloudfront.net`, the API on `*.execute-api` (CORS between them). */
  readonly domain: DomainSettings | undefined;
  /** Value of the SSM parameter `/ticketstoheaven/<stage>/third-party-api-endpoint`. */
  readonly fulfillmentEndpoint: string;
  readonly restoredTables: Readonly<Partial<Record<TableId, RestoredTable>>>;
}

export interface StageConfig {
  readonly stage: StageName;
  /** `ticketstoheaven-<stage>`: the prefix of every physical name. */
  readonly namePrefix: string;
  readonly account: string | undefined;
  readonly region: string;
  readonly edgeRegion: string;
  readonly recoveryRegion: string;
  /** Production keeps data on stack deletion, protects tables and stacks from deletion. */
  readonly retainData: boolean;
  /** Application logs (functions, execution logs, deployments). */
  readonly logRetentionDays: number;
  /** Access and audit logs: API access logs, WAF logs, CloudTrail's log group, CloudFront/S3 access logs. */
  readonly accessLogRetentionDays: number;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN';
  readonly holdMinutes: number;
  readonly api: {
    readonly stageName: string;
    /** Steady-state requests per second for the whole stage, and the burst above it. */
    readonly throttlingRateLimit: number;
    readonly throttlingBurstLimit: number;
    /** POST /orders talks to Stripe: it gets a tighter limit than the read routes. */
    readonly createOrderRateLimit: number;
    readonly createOrderBurstLimit: number;
    readonly latencyP99AlarmMs: number;
  };
  readonly waf: {
    /** Requests per source IP in any 5-minute window before WAF blocks it. */
    readonly apiRequestsPer5MinPerIp: number;
    readonly storefrontRequestsPer5MinPerIp: number;
  };
  readonly lambda: {
    readonly memoryMb: number;
    /**
     * Reserved concurrency where it protects a downstream (fulfillment provider, Stripe) or
     * keeps a singleton job single. Empty outside prod: new accounts have a concurrency quota of
     * 10 and reserving any of it fails the deploy there.
     */
    readonly reservedConcurrency: Readonly<Partial<Record<FunctionName, number>>>;
    readonly deployment: DeploymentStyle;
  };
  readonly fulfillment: {
    readonly endpoint: string;
    readonly streamRetryAttempts: number;
  };
  /** Initial value of the SSM parameter `/ticketstoheaven/<stage>/feature-flags` (JSON). */
  readonly featureFlags: Readonly<Record<string, boolean>>;
  /** Orders in PAID/FULFILLING longer than this count as stuck (published by the sweep). */
  readonly stuckOrderMinutes: number;
  readonly monitoring: {
    /** CloudFront 5xx responses, percent of requests, sustained 3 of 5 minutes. */
    readonly cloudFront5xxRatePercent: number;
  };
  /** The organizers' sign-in (Cognito): MFA optional on dev, required where real money moves. */
  readonly organizers: {
    readonly mfa: 'optional' | 'required';
  };
  readonly audit: {
    /** How long audit objects (CloudTrail, back-office records) are kept, in both regions. */
    readonly retentionDays: number;
    /** S3 Object Lock in compliance mode for `retentionDays`: nobody can delete or shorten it. */
    readonly objectLock: boolean;
    /** Tables whose item-level reads and writes CloudTrail records (data events; billed per event). */
    readonly dataEventTables: readonly TableId[];
  };
  readonly backup: {
    readonly retentionDays: number;
    /** Retention of the copy in the recovery region. */
    readonly copyRetentionDays: number;
    /** AWS Backup Vault Lock in compliance mode, on both vaults. */
    readonly vaultLock: { readonly minRetentionDays: number; readonly maxRetentionDays: number } | undefined;
  };
  readonly alarms: AlarmDestinations;
  readonly domain: DomainSettings | undefined;
  readonly restoredTables: Readonly<Partial<Record<TableId, RestoredTable>>>;
}

const PLACEHOLDER_FULFILLMENT_ENDPOINT = 'https://fulfillment.invalid/v1';
const NO_ALARM_DESTINATIONS: AlarmDestinations = { emails: [], webhooks: [] };

/**
 * Operator settings, per stage. Set them before the first deploy of a stage (docs/deploy.md):
 * prod refuses to deploy without an alarm destination or with the placeholder endpoint.
 */
export const operatorSettings: Readonly<Record<StageName, OperatorSettings>> = {
  dev: {
    alarms: NO_ALARM_DESTINATIONS,
    domain: undefined,
    fulfillmentEndpoint: PLACEHOLDER_FULFILLMENT_ENDPOINT,
    restoredTables: {},
  },
  staging: {
    alarms: NO_ALARM_DESTINATIONS,
    domain: undefined,
    fulfillmentEndpoint: PLACEHOLDER_FULFILLMENT_ENDPOINT,
    restoredTables: {},
  },
  prod: {
    alarms: NO_ALARM_DESTINATIONS,
    domain: undefined,
    fulfillmentEndpoint: PLACEHOLDER_FULFILLMENT_ENDPOINT,
    restoredTables: {},
  },
};

type StageDefaults = Omit<
  StageConfig,
  'stage' | 'namePrefix' | 'account' | 'alarms' | 'domain' | 'restoredTables' | 'fulfillment'
> & { readonly fulfillment: { readonly streamRetryAttempts: number } };

const regions = { region: PRIMARY_REGION, edgeRegion: EDGE_REGION, recoveryRegion: RECOVERY_REGION } as const;

const baseConfigs: Readonly<Record<StageName, StageDefaults>> = {
  dev: {
    ...regions,
    retainData: false,
    logRetentionDays: 7,
    accessLogRetentionDays: 30,
    logLevel: 'DEBUG',
    holdMinutes: 30,
    api: {
      stageName: 'v1',
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
      createOrderRateLimit: 10,
      createOrderBurstLimit: 20,
      latencyP99AlarmMs: 3000,
    },
    waf: { apiRequestsPer5MinPerIp: 1000, storefrontRequestsPer5MinPerIp: 2000 },
    lambda: { memoryMb: 512, reservedConcurrency: {}, deployment: 'all-at-once' },
    fulfillment: { streamRetryAttempts: 5 },
    featureFlags: {},
    stuckOrderMinutes: 15,
    monitoring: { cloudFront5xxRatePercent: 5 },
    organizers: { mfa: 'optional' },
    audit: { retentionDays: 30, objectLock: false, dataEventTables: [] },
    backup: { retentionDays: 7, copyRetentionDays: 7, vaultLock: undefined },
  },
  // Production's shape at a smaller size: same deployment style, retention and audit as prod
  // except the irreversible locks, so a release is rehearsed on staging before prod.
  staging: {
    ...regions,
    retainData: false,
    logRetentionDays: 14,
    accessLogRetentionDays: 90,
    logLevel: 'INFO',
    holdMinutes: 30,
    api: {
      stageName: 'v1',
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      createOrderRateLimit: 20,
      createOrderBurstLimit: 40,
      latencyP99AlarmMs: 2000,
    },
    waf: { apiRequestsPer5MinPerIp: 2000, storefrontRequestsPer5MinPerIp: 5000 },
    lambda: { memoryMb: 1024, reservedConcurrency: {}, deployment: 'canary' },
    fulfillment: { streamRetryAttempts: 5 },
    featureFlags: {},
    stuckOrderMinutes: 15,
    monitoring: { cloudFront5xxRatePercent: 2 },
    organizers: { mfa: 'required' },
    audit: { retentionDays: 90, objectLock: false, dataEventTables: [] },
    backup: { retentionDays: 14, copyRetentionDays: 14, vaultLock: undefined },
  },
  prod: {
    ...regions,
    retainData: true,
    logRetentionDays: 30,
    // PCI DSS 10.7: a year of audit history.
    accessLogRetentionDays: 365,
    logLevel: 'INFO',
    holdMinutes: 30,
    api: {
      stageName: 'v1',
      throttlingRateLimit: 500,
      throttlingBurstLimit: 1000,
      createOrderRateLimit: 50,
      createOrderBurstLimit: 100,
      latencyP99AlarmMs: 2000,
    },
    waf: { apiRequestsPer5MinPerIp: 2000, storefrontRequestsPer5MinPerIp: 5000 },
    lambda: {
      memoryMb: 1024,
      reservedConcurrency: {
        // Stripe's live-mode rate limit is ~100 requests/s; each order call makes one or two.
        orders: 50,
        // The fulfillment provider is the slowest dependency: cap parallel calls to it.
        'fulfillment-worker': 5,
        // Jobs that must not overlap with themselves.
        'hold-expiry-sweep': 1,
        'payment-reconciliation': 1,
        'redrive-fulfillment': 1,
      },
      deployment: 'canary',
    },
    fulfillment: { streamRetryAttempts: 5 },
    featureFlags: {},
    stuckOrderMinutes: 15,
    monitoring: { cloudFront5xxRatePercent: 1 },
    organizers: { mfa: 'required' },
    audit: { retentionDays: 365, objectLock: true, dataEventTables: ['Orders', 'Payments'] },
    backup: {
      retentionDays: 35,
      copyRetentionDays: 35,
      vaultLock: { minRetentionDays: 7, maxRetentionDays: 400 },
    },
  },
};

/** Log retention periods CloudWatch accepts (days). */
const VALID_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (stageNames as readonly string[]).includes(value);
}

/**
 * Values that replace a stage's configuration: the CDK context keys an operator may pass with
 * `-c key=value` (one-off values only), and `settings`, which tests use to stand for a stage an
 * operator has configured (not reachable from the command line: settings live in code).
 */
export interface StageOverrides {
  readonly account?: string | undefined;
  readonly logRetentionDays?: string | number | undefined;
  readonly fulfillmentEndpoint?: string | undefined;
  readonly settings?: Partial<OperatorSettings>;
}

/** The overrides among CDK context values (`-c key=value`), as main.ts and the CLI wrappers read them. */
export function stageOverrides(context: Readonly<Record<string, string | undefined>>): StageOverrides {
  return {
    account: context['account'],
    logRetentionDays: context['logRetentionDays'],
    fulfillmentEndpoint: context['fulfillmentEndpoint'],
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function validateAlarms(alarms: AlarmDestinations): void {
  for (const email of alarms.emails)
    if (!EMAIL.test(email)) throw new ConfigurationError(`alarms.emails: "${email}" is not an e-mail address`);
  for (const url of alarms.webhooks)
    if (!/^https:\/\/[^\s/]+/.test(url)) throw new ConfigurationError(`alarms.webhooks: "${url}" is not an https URL`);
  if (
    alarms.slack &&
    !(/^[A-Z0-9]{9,11}$/.test(alarms.slack.workspaceId) && /^[A-Z0-9]{9,11}$/.test(alarms.slack.channelId))
  )
    throw new ConfigurationError(
      'alarms.slack: workspaceId and channelId are Slack ids such as T012ABCDEF / C012ABCDEF',
    );
}

function validateDomain(domain: DomainSettings | undefined): void {
  if (!domain) return;
  if (!DOMAIN_NAME.test(domain.name))
    throw new ConfigurationError(
      `domain.name: "${domain.name}" is not a lower-case DNS name such as tickets.example.com`,
    );
  const zone = domain.hostedZone;
  if (zone) {
    if (!/^Z[A-Z0-9]{1,31}$/.test(zone.id))
      throw new ConfigurationError(`domain.hostedZone.id: "${zone.id}" is not a Route 53 zone id`);
    if (domain.name !== zone.name && !domain.name.endsWith(`.${zone.name}`))
      throw new ConfigurationError(`domain.name ${domain.name} is not inside the hosted zone ${zone.name}`);
  }
  if (
    domain.certificateArn !== undefined &&
    !/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(domain.certificateArn)
  )
    throw new ConfigurationError(
      `domain.certificateArn must be an ACM certificate in us-east-1, where CloudFront reads certificates (got "${domain.certificateArn}")`,
    );
}

function validateRestoredTables(tables: Readonly<Partial<Record<TableId, RestoredTable>>>, namePrefix: string): void {
  for (const [tableId, restored] of Object.entries(tables) as Array<[TableId, RestoredTable]>) {
    if (!restored.tableName.startsWith(`${namePrefix}-`))
      throw new ConfigurationError(
        `restoredTables.${tableId}: "${restored.tableName}" must start with ${namePrefix}- (the stage's key and log policies name it)`,
      );
    if (restored.streamArn !== undefined && !restored.streamArn.includes(`:table/${restored.tableName}/stream/`))
      throw new ConfigurationError(`restoredTables.${tableId}.streamArn is not a stream of ${restored.tableName}`);
  }
}

/** Builds and validates the configuration of one stage; throws ConfigurationError naming the bad setting. */
export function loadStageConfig(stage: unknown, overrides: StageOverrides = {}): StageConfig {
  if (!isStageName(stage)) {
    throw new ConfigurationError(`Unknown stage ${JSON.stringify(stage)}: pass -c stage=${stageNames.join('|')}`);
  }
  const base = baseConfigs[stage];
  const settings: OperatorSettings = { ...operatorSettings[stage], ...overrides.settings };
  const namePrefix = `${NAME_ROOT}-${stage}`;
  const logRetentionDays =
    overrides.logRetentionDays === undefined ? base.logRetentionDays : Number(overrides.logRetentionDays);
  if (!VALID_RETENTION_DAYS.includes(logRetentionDays)) {
    throw new ConfigurationError(
      `logRetentionDays must be one of ${VALID_RETENTION_DAYS.join(', ')} (got ${String(overrides.logRetentionDays)})`,
    );
  }
  const account = overrides.account?.trim() || undefined;
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new ConfigurationError(`account must be a 12-digit AWS account id (got "${account}")`);
  }
  const endpoint = overrides.fulfillmentEndpoint?.trim() || settings.fulfillmentEndpoint;
  if (!/^https:\/\/[^\s/]+/.test(endpoint)) {
    throw new ConfigurationError(`fulfillmentEndpoint must be an https URL (got "${endpoint}")`);
  }
  for (const name of Object.keys(base.lambda.reservedConcurrency)) {
    if (!(functionNames as readonly string[]).includes(name))
      throw new ConfigurationError(`reservedConcurrency names unknown function "${name}"`);
  }
  validateAlarms(settings.alarms);
  validateDomain(settings.domain);
  validateRestoredTables(settings.restoredTables, namePrefix);
  return {
    ...base,
    stage,
    namePrefix,
    account,
    logRetentionDays,
    fulfillment: { ...base.fulfillment, endpoint },
    alarms: settings.alarms,
    domain: settings.domain,
    restoredTables: settings.restoredTables,
  };
}

/** True while the fulfillment endpoint is still the built-in placeholder (preflight warns). */
export function usesPlaceholderFulfillmentEndpoint(config: StageConfig): boolean {
  return config.fulfillment.endpoint === PLACEHOLDER_FULFILLMENT_ENDPOINT;
}

/** Number of alarm destinations configured (e-mail, webhook, Slack). */
export function alarmDestinationCount(config: Pick<StageConfig, 'alarms'>): number {
  return config.alarms.emails.length + config.alarms.webhooks.length + (config.alarms.slack ? 1 : 0);
}

/**
 * SSM parameters of a stage. `promotable` ones hold behaviour that is rehearsed in one stage and
 * then carried to the next (`nx run infra:promote-params`); the others name stage-specific
 * resources and are never copied between stages.
 */
export const parameterCatalog = {
  fulfillmentEndpoint: { suffix: 'third-party-api-endpoint', promotable: false },
  featureFlags: { suffix: 'feature-flags', promotable: true },
} as const;

export function parameterPath(stage: StageName): string {
  return `/${NAME_ROOT}/${stage}/`;
}

/** Physical names shared by the stacks, the preflight check, the operator tools and the docs. */
export function resourceNames(config: Pick<StageConfig, 'stage' | 'namePrefix'>) {
  const { stage, namePrefix } = config;
  return {
    stacks: {
      recovery: `${namePrefix}-recovery`,
      data: `${namePrefix}-data`,
      edge: `${namePrefix}-edge`,
      app: `${namePrefix}-app`,
      edgeMonitoring: `${namePrefix}-edge-monitoring`,
    },
    secrets: {
      stripeApiKey: `${NAME_ROOT}/${stage}/stripe-api-key`,
      stripeWebhookSecret: `${NAME_ROOT}/${stage}/stripe-webhook-secret`,
      fulfillmentApiKey: `${NAME_ROOT}/${stage}/third-party-api-key`,
      originVerify: `${NAME_ROOT}/${stage}/cloudfront-origin-verify`,
    },
    parameters: {
      fulfillmentEndpoint: `${parameterPath(stage)}${parameterCatalog.fulfillmentEndpoint.suffix}`,
      featureFlags: `${parameterPath(stage)}${parameterCatalog.featureFlags.suffix}`,
    },
    functionName: (fn: FunctionName) => `${namePrefix}-${fn}`,
    apiName: `${namePrefix}-api`,
    apiAccessLogGroup: `/aws/apigateway/${namePrefix}-access`,
    /** WAF only delivers to log groups whose name starts with `aws-waf-logs-`. */
    wafLogGroup: (acl: 'api' | 'storefront') => `aws-waf-logs-${namePrefix}-${acl}`,
    trailName: `${namePrefix}-audit`,
    trailLogGroup: `/aws/cloudtrail/${namePrefix}-audit`,
    fulfillmentDlq: `${namePrefix}-fulfillment-dlq`,
    /** The EventBridge bus of order events (ADR 026) and the dead letters of the stream → bus mapping. */
    orderEventBus: `${namePrefix}-order-events`,
    orderEventsDlq: `${namePrefix}-order-events-dlq`,
    scheduleDlq: (job: string) => `${namePrefix}-${job}-schedule-dlq`,
    alarmTopic: `${namePrefix}-alarms`,
    dashboard: `${namePrefix}`,
    keyAlias: (purpose: KeyPurpose) => `alias/${namePrefix}-${purpose}`,
    /** Bucket names are global: account and region make them unique (CDK tokens are fine here). */
    auditBucket: (account: string, region: string) => `${namePrefix}-audit-${account}-${region}`,
    backupPlan: `${namePrefix}-daily`,
    backupVault: `${namePrefix}-backups`,
    backupCopyVault: `${namePrefix}-backup-copies`,
  } as const;
}

/** Separate keys so that access to one kind of data never implies access to another. */
export type KeyPurpose = 'data' | 'logs' | 'audit';

/** Audit bucket prefixes, one per writer (docs/deploy.md, "Audit trail"). */
export const auditPrefixes = {
  cloudTrail: 'cloudtrail',
  /** Append-only records of organizer actions (issue 16's audit writer). */
  backOffice: 'backoffice',
} as const;
export type AuditPrefix = keyof typeof auditPrefixes;

export type ResourceNames = ReturnType<typeof resourceNames>;
