/**
 * Stage configuration: everything that differs between `dev` and `prod` lives here, so a
 * reviewer can compare the two stages in one screen. Values that an operator may need to
 * change without editing code can be overridden with CDK context (`-c key=value`).
 */
import { functionNames, type FunctionName } from './functions';

export const stageNames = ['dev', 'prod'] as const;
export type StageName = (typeof stageNames)[number];

/** The project's home region (DESIGN.md). CloudFront's web ACL must live in us-east-1. */
export const PRIMARY_REGION = 'us-east-2';
export const EDGE_REGION = 'us-east-1';
export const PROJECT_NAME = 'TicketsToHeaven';
export const NAME_ROOT = 'ticketstoheaven';
export const METRICS_NAMESPACE = 'TicketsToHeaven';

export type DeploymentStyle = 'canary' | 'all-at-once';

export interface StageConfig {
  readonly stage: StageName;
  /** `ticketstoheaven-<stage>`: the prefix of every physical name. */
  readonly namePrefix: string;
  readonly account: string | undefined;
  readonly region: string;
  readonly edgeRegion: string;
  /** Production keeps data on stack deletion, protects tables and stacks from deletion. */
  readonly retainData: boolean;
  readonly logRetentionDays: number;
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
     * keeps a singleton job single. Empty in dev: new accounts have a concurrency quota of 10
     * and reserving any of it fails the deploy there.
     */
    readonly reservedConcurrency: Readonly<Partial<Record<FunctionName, number>>>;
    readonly deployment: DeploymentStyle;
  };
  readonly fulfillment: {
    /** Value of the SSM parameter `/ticketstoheaven/<stage>/third-party-api-endpoint`. */
    readonly endpoint: string;
    readonly streamRetryAttempts: number;
  };
  /** Value of the SSM parameter `/ticketstoheaven/<stage>/feature-flags` (JSON). */
  readonly featureFlags: Readonly<Record<string, boolean>>;
  /** Orders in PAID/FULFILLING longer than this count as stuck (published by the sweep). */
  readonly stuckOrderMinutes: number;
  readonly backupRetentionDays: number;
  /** Optional e-mail address subscribed to the alarm topic. */
  readonly alarmEmail: string | undefined;
}

const PLACEHOLDER_FULFILLMENT_ENDPOINT = 'https://fulfillment.invalid/v1';

const baseConfigs: Readonly<Record<StageName, Omit<StageConfig, 'stage' | 'namePrefix' | 'account' | 'alarmEmail'>>> = {
  dev: {
    region: PRIMARY_REGION,
    edgeRegion: EDGE_REGION,
    retainData: false,
    logRetentionDays: 7,
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
    fulfillment: { endpoint: PLACEHOLDER_FULFILLMENT_ENDPOINT, streamRetryAttempts: 5 },
    featureFlags: {},
    stuckOrderMinutes: 15,
    backupRetentionDays: 30,
  },
  prod: {
    region: PRIMARY_REGION,
    edgeRegion: EDGE_REGION,
    retainData: true,
    logRetentionDays: 7,
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
        'redrive-fulfillment': 1,
      },
      deployment: 'canary',
    },
    fulfillment: { endpoint: PLACEHOLDER_FULFILLMENT_ENDPOINT, streamRetryAttempts: 5 },
    featureFlags: {},
    stuckOrderMinutes: 15,
    backupRetentionDays: 30,
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

/** Context keys an operator may pass with `-c key=value`. */
export interface StageOverrides {
  readonly account?: string | undefined;
  readonly logRetentionDays?: string | number | undefined;
  readonly alarmEmail?: string | undefined;
  readonly fulfillmentEndpoint?: string | undefined;
}

/** The overrides among CDK context values (`-c key=value`), as main.ts and the CLI wrappers read them. */
export function stageOverrides(context: Readonly<Record<string, string | undefined>>): StageOverrides {
  return {
    account: context['account'],
    logRetentionDays: context['logRetentionDays'],
    alarmEmail: context['alarmEmail'],
    fulfillmentEndpoint: context['fulfillmentEndpoint'],
  };
}

/** Builds and validates the configuration of one stage; throws ConfigurationError naming the bad setting. */
export function loadStageConfig(stage: unknown, overrides: StageOverrides = {}): StageConfig {
  if (!isStageName(stage)) {
    throw new ConfigurationError(`Unknown stage ${JSON.stringify(stage)}: pass -c stage=${stageNames.join('|')}`);
  }
  const base = baseConfigs[stage];
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
  const alarmEmail = overrides.alarmEmail?.trim() || undefined;
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new ConfigurationError(`alarmEmail must be an e-mail address (got "${alarmEmail}")`);
  }
  const endpoint = overrides.fulfillmentEndpoint?.trim() || base.fulfillment.endpoint;
  if (!/^https:\/\/[^\s/]+/.test(endpoint)) {
    throw new ConfigurationError(`fulfillmentEndpoint must be an https URL (got "${endpoint}")`);
  }
  for (const name of Object.keys(base.lambda.reservedConcurrency)) {
    if (!(functionNames as readonly string[]).includes(name))
      throw new ConfigurationError(`reservedConcurrency names unknown function "${name}"`);
  }
  return {
    ...base,
    stage,
    namePrefix: `${NAME_ROOT}-${stage}`,
    account,
    logRetentionDays,
    alarmEmail,
    fulfillment: { ...base.fulfillment, endpoint },
  };
}

/** True while the fulfillment endpoint is still the built-in placeholder (preflight warns). */
export function usesPlaceholderFulfillmentEndpoint(config: StageConfig): boolean {
  return config.fulfillment.endpoint === PLACEHOLDER_FULFILLMENT_ENDPOINT;
}

/** Physical names shared by the stacks, the preflight check and the docs. */
export function resourceNames(config: StageConfig) {
  const { stage, namePrefix } = config;
  return {
    stacks: { data: `${namePrefix}-data`, app: `${namePrefix}-app`, edge: `${namePrefix}-edge` },
    secrets: {
      stripeApiKey: `${NAME_ROOT}/${stage}/stripe-api-key`,
      stripeWebhookSecret: `${NAME_ROOT}/${stage}/stripe-webhook-secret`,
      fulfillmentApiKey: `${NAME_ROOT}/${stage}/third-party-api-key`,
    },
    parameters: {
      fulfillmentEndpoint: `/${NAME_ROOT}/${stage}/third-party-api-endpoint`,
      featureFlags: `/${NAME_ROOT}/${stage}/feature-flags`,
    },
    functionName: (fn: FunctionName) => `${namePrefix}-${fn}`,
    apiName: `${namePrefix}-api`,
    apiAccessLogGroup: `/aws/apigateway/${namePrefix}-access`,
    fulfillmentDlq: `${namePrefix}-fulfillment-dlq`,
    alarmTopic: `${namePrefix}-alarms`,
    dashboard: `${namePrefix}`,
    kmsAlias: `alias/${namePrefix}`,
  } as const;
}

export type ResourceNames = ReturnType<typeof resourceNames>;
