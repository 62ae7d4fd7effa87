/**
 * What a deploy needs, checked in order: credentials, CDK bootstrap in both regions, the build
 * output, the secrets holding real values, production configuration. Each check says what is
 * missing and the command that fixes it; nothing ever prints a secret value.
 */
import { extractSecretValue } from '@tth/runtime';
import { findMissingBundles, type BundleLocations } from '../bundles';
import { alarmDestinationCount, resourceNames, usesPlaceholderFulfillmentEndpoint, type StageConfig } from '../config';
import type { SecretId } from '../functions';
import { describeAwsError, type AwsReader } from './aws';
import type { CredentialDetection } from './credentials';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

export const BOOTSTRAP_QUALIFIER = 'hnb659fds';
/** The synthesized templates' CheckBootstrapVersion rule refuses older bootstrap stacks. */
export const MIN_BOOTSTRAP_VERSION = 6;

export function bootstrapParameterName(qualifier = BOOTSTRAP_QUALIFIER): string {
  return `/cdk-bootstrap/${qualifier}/version`;
}

export async function checkBootstrap(aws: AwsReader, region: string): Promise<CheckResult> {
  const check = `CDK bootstrap (${region})`;
  try {
    const version = await aws.getParameter(region, bootstrapParameterName());
    if (version === undefined) {
      return {
        check,
        status: 'fail',
        detail: `not bootstrapped: run \`npx cdk bootstrap aws://<account-id>/${region}\``,
      };
    }
    if (!(Number(version) >= MIN_BOOTSTRAP_VERSION)) {
      return {
        check,
        status: 'fail',
        detail: `bootstrap version ${version} is older than ${MIN_BOOTSTRAP_VERSION}: re-run \`npx cdk bootstrap\``,
      };
    }
    return { check, status: 'ok', detail: `bootstrap version ${version}` };
  } catch (error) {
    return { check, status: 'fail', detail: describeAwsError(error) };
  }
}

type SecretRule = (value: string, config: StageConfig) => string | undefined;

const secretRules: Readonly<Record<SecretId, SecretRule>> = {
  stripeApiKey: (value, config) => {
    const mode = /^(?:sk|rk)_(test|live)_[A-Za-z0-9]+$/.exec(value)?.[1];
    if (!mode) return 'is not a Stripe secret or restricted key (sk_… / rk_…)';
    if (config.stage === 'prod' && mode !== 'live') return 'holds a test-mode key in prod';
    if (config.stage !== 'prod' && mode === 'live')
      return `holds a live-mode key in ${config.stage}: real cards would be charged`;
    return undefined;
  },
  stripeWebhookSecret: (value) =>
    value.startsWith('whsec_') ? undefined : 'is not a Stripe webhook signing secret (whsec_…)',
  fulfillmentApiKey: (value) => (value.length >= 8 ? undefined : 'is shorter than 8 characters'),
};

export function putSecretCommand(secretName: string): string {
  return `aws secretsmanager put-secret-value --secret-id ${secretName} --secret-string '{"api_key":"…"}'`;
}

export async function checkSecret(aws: AwsReader, config: StageConfig, secretId: SecretId): Promise<CheckResult> {
  const secretName = resourceNames(config).secrets[secretId];
  const check = `secret ${secretName}`;
  let secretString: string | undefined;
  try {
    secretString = await aws.getSecretString(config.region, secretName);
  } catch (error) {
    return { check, status: 'fail', detail: describeAwsError(error) };
  }
  if (secretString === undefined) {
    return {
      check,
      status: 'warn',
      detail: `does not exist yet: the first deploy creates it; then set it with \`${putSecretCommand(secretName)}\``,
    };
  }
  let value: string;
  try {
    value = extractSecretValue(secretString, 'api_key', secretName);
  } catch {
    return {
      check,
      status: 'fail',
      detail: `has no value yet (still the generated placeholder): \`${putSecretCommand(secretName)}\``,
    };
  }
  const problem = secretRules[secretId](value, config);
  return problem === undefined ? { check, status: 'ok', detail: 'set' } : { check, status: 'fail', detail: problem };
}

export function checkBundles(bundles: BundleLocations, baseDir: string): CheckResult {
  const missing = findMissingBundles(bundles, baseDir);
  return missing.length === 0
    ? { check: 'build output', status: 'ok', detail: 'Lambda bundles and storefront build present' }
    : {
        check: 'build output',
        status: 'warn',
        detail: `missing ${missing.join(', ')} (infra:deploy builds them first)`,
      };
}

export function checkConfiguration(config: StageConfig): CheckResult {
  const check = 'fulfillment endpoint';
  if (!usesPlaceholderFulfillmentEndpoint(config)) return { check, status: 'ok', detail: config.fulfillment.endpoint };
  return {
    check,
    status: config.stage === 'prod' ? 'fail' : 'warn',
    detail:
      'still the placeholder: set fulfillment.endpoint in tools/infra/src/config.ts or pass -c fulfillmentEndpoint=https://…',
  };
}

export function checkAlarmDestinations(config: StageConfig): CheckResult {
  const check = 'alarm destinations';
  const { emails, webhooks, slack } = config.alarms;
  if (alarmDestinationCount(config) > 0) {
    const kinds = [
      emails.length > 0 && `${emails.length} e-mail`,
      webhooks.length > 0 && `${webhooks.length} webhook`,
      slack && 'Slack (AWS Chatbot)',
    ].filter(Boolean);
    return { check, status: 'ok', detail: kinds.join(', ') };
  }
  return {
    check,
    status: config.stage === 'prod' ? 'fail' : 'warn',
    detail: `none configured, so alarms reach nobody: set operatorSettings.${config.stage}.alarms in tools/infra/src/config.ts (e-mail, webhook or Slack)`,
  };
}

/** The alarm topics of a stage, one per region that has alarms. */
export function alarmTopics(config: StageConfig): Array<{ region: string; topicName: string }> {
  const { alarmTopic } = resourceNames(config);
  return [
    { region: config.region, topicName: alarmTopic },
    { region: config.edgeRegion, topicName: `${alarmTopic}-${config.edgeRegion}` },
  ];
}

/**
 * Whether each configured e-mail and webhook is subscribed and confirmed on every alarm topic. A
 * pending subscription receives nothing: the owner of the address must click the link AWS sent.
 */
export async function checkAlarmSubscriptions(aws: AwsReader, config: StageConfig): Promise<CheckResult[]> {
  const expected = [
    ...config.alarms.emails.map((endpoint) => ({ protocol: 'email', endpoint })),
    ...config.alarms.webhooks.map((endpoint) => ({ protocol: 'https', endpoint })),
  ];
  if (expected.length === 0) return [];
  const results: CheckResult[] = [];
  for (const { region, topicName } of alarmTopics(config)) {
    const check = `alarm topic ${topicName} (${region})`;
    let subscriptions;
    try {
      subscriptions = await aws.listTopicSubscriptions(region, topicName);
    } catch (error) {
      results.push({ check, status: 'fail', detail: describeAwsError(error) });
      continue;
    }
    if (subscriptions === undefined) {
      results.push({
        check,
        status: 'warn',
        detail: 'does not exist yet: the first deploy creates it and its subscriptions',
      });
      continue;
    }
    const missing: string[] = [];
    const pending: string[] = [];
    for (const want of expected) {
      const found = subscriptions.find((sub) => sub.protocol === want.protocol && sub.endpoint === want.endpoint);
      if (!found) missing.push(want.endpoint);
      else if (!found.confirmed) pending.push(want.endpoint);
    }
    if (missing.length === 0 && pending.length === 0) {
      results.push({ check, status: 'ok', detail: `${expected.length} subscription(s) confirmed` });
      continue;
    }
    const problems = [
      pending.length > 0 &&
        `waiting for confirmation: ${pending.join(', ')} (open the e-mail from AWS Notifications and confirm)`,
      missing.length > 0 && `not subscribed yet: ${missing.join(', ')} (the next deploy subscribes them)`,
    ].filter(Boolean);
    results.push({ check, status: 'warn', detail: problems.join('; ') });
  }
  return results;
}

export interface PreflightDependencies {
  readonly detectCredentials: () => Promise<CredentialDetection>;
  readonly aws: AwsReader;
  readonly bundles: BundleLocations;
  readonly workspaceRoot: string;
}

/** Credentials and bootstrap: what every command that talks to AWS needs. */
export async function runAwsAccessChecks(
  config: StageConfig,
  deps: Pick<PreflightDependencies, 'detectCredentials' | 'aws'>,
): Promise<CheckResult[]> {
  const credentials = await deps.detectCredentials();
  if (!credentials.found) return [{ check: 'AWS credentials', status: 'fail', detail: credentials.reason }];
  const results: CheckResult[] = [{ check: 'AWS credentials', status: 'ok', detail: credentials.source }];
  const primary = await checkBootstrap(deps.aws, config.region);
  results.push(primary);
  // A credentials failure would repeat itself for the other regions.
  if (primary.status === 'ok')
    for (const region of [config.edgeRegion, config.recoveryRegion])
      results.push(await checkBootstrap(deps.aws, region));
  return results;
}

/**
 * What `infra:deploy` checks before handing over to the CDK CLI: AWS access, then the stage
 * configuration (prod refuses the placeholder fulfillment endpoint and a stage whose alarms
 * would reach nobody). Secrets are not checked: the first deploy is what creates them.
 */
export async function runDeployChecks(
  config: StageConfig,
  deps: Pick<PreflightDependencies, 'detectCredentials' | 'aws'>,
): Promise<CheckResult[]> {
  const results = await runAwsAccessChecks(config, deps);
  return hasFailures(results) ? results : [...results, checkConfiguration(config), checkAlarmDestinations(config)];
}

export async function runPreflight(config: StageConfig, deps: PreflightDependencies): Promise<CheckResult[]> {
  const results = await runAwsAccessChecks(config, deps);
  const awsReachable = !hasFailures(results);
  if (awsReachable) {
    for (const secretId of ['stripeApiKey', 'stripeWebhookSecret', 'fulfillmentApiKey'] as const) {
      results.push(await checkSecret(deps.aws, config, secretId));
    }
  }
  results.push(checkConfiguration(config), checkAlarmDestinations(config));
  if (awsReachable) results.push(...(await checkAlarmSubscriptions(deps.aws, config)));
  results.push(checkBundles(deps.bundles, deps.workspaceRoot));
  return results;
}

const SYMBOLS: Readonly<Record<CheckStatus, string>> = { ok: '✔', warn: '!', fail: '✖' };

export function formatResults(results: readonly CheckResult[]): string {
  return results.map((result) => `${SYMBOLS[result.status]} ${result.check}: ${result.detail}`).join('\n');
}

export function hasFailures(results: readonly CheckResult[]): boolean {
  return results.some((result) => result.status === 'fail');
}
