import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStageConfig } from '../config';
import { functionNames } from '../functions';
import { classifyAwsError, describeAwsError, type AwsReader, type TopicSubscription } from './aws';
import {
  bootstrapParameterName,
  formatResults,
  hasFailures,
  runDeployChecks,
  runPreflight,
  type CheckResult,
} from './checks';

const VALID_SECRETS = {
  'ticketstoheaven/dev/stripe-api-key': '{"api_key":"sk_test_51Habc"}',
  'ticketstoheaven/dev/stripe-webhook-secret': 'whsec_abc123',
  'ticketstoheaven/dev/third-party-api-key': '{"api_key":"ful-0123456789"}',
};

function fakeAws(
  options: {
    parameters?: Record<string, string>;
    secrets?: Record<string, string>;
    /** Subscriptions by `<region>:<topic name>`; a topic not listed does not exist. */
    topics?: Record<string, TopicSubscription[]>;
    error?: Error;
  } = {},
): AwsReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async listTopicSubscriptions(region, topicName) {
      reads.push(`sns:${region}:${topicName}`);
      if (options.error) throw options.error;
      return options.topics?.[`${region}:${topicName}`];
    },
    async getParameter(region, name) {
      reads.push(`ssm:${region}:${name}`);
      if (options.error) throw options.error;
      return options.parameters?.[`${region}:${name}`];
    },
    async getSecretString(region, id) {
      reads.push(`secret:${region}:${id}`);
      if (options.error) throw options.error;
      return options.secrets?.[id];
    },
  };
}

const bootstrapped = {
  [`us-east-2:${bootstrapParameterName()}`]: '30',
  [`us-east-1:${bootstrapParameterName()}`]: '30',
  [`us-west-2:${bootstrapParameterName()}`]: '30',
};
const oncall = { alarms: { emails: ['oncall@example.com'], webhooks: [] } };
const withCredentials = async () => ({ found: true as const, source: 'profile "default"' });
const awsError = (name: string, message = name) => Object.assign(new Error(message), { name });
const byCheck = (results: CheckResult[]) => Object.fromEntries(results.map((result) => [result.check, result]));

describe('preflight', () => {
  let root: string;
  let bundles: { apiBundleDir: string; storefrontDir: string };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tth-preflight-'));
    bundles = { apiBundleDir: join(root, 'api'), storefrontDir: join(root, 'storefront') };
    for (const fn of functionNames) {
      mkdirSync(join(bundles.apiBundleDir, fn), { recursive: true });
      writeFileSync(join(bundles.apiBundleDir, fn, 'index.js'), '');
    }
    mkdirSync(bundles.storefrontDir, { recursive: true });
    writeFileSync(join(bundles.storefrontDir, 'index.html'), '');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stops at missing credentials without calling AWS, with the fix in one line', async () => {
    // Arrange
    const aws = fakeAws();

    // Act
    const results = await runDeployChecks(loadStageConfig('dev'), {
      detectCredentials: async () => ({ found: false, reason: 'No AWS credentials found: run `aws configure`' }),
      aws,
    });

    // Assert
    expect(results).toEqual([
      { check: 'AWS credentials', status: 'fail', detail: 'No AWS credentials found: run `aws configure`' },
    ]);
    expect(aws.reads).toEqual([]);
  });

  it('passes a bootstrapped stage whose secrets hold plausible values', async () => {
    // Arrange
    const confirmed = [{ protocol: 'email', endpoint: 'oncall@example.com', confirmed: true }];

    // Act
    const results = await runPreflight(
      loadStageConfig('dev', { fulfillmentEndpoint: 'https://api.fulfil.example/v1', settings: oncall }),
      {
        detectCredentials: withCredentials,
        aws: fakeAws({
          parameters: bootstrapped,
          secrets: VALID_SECRETS,
          topics: {
            'us-east-2:ticketstoheaven-dev-alarms': confirmed,
            'us-east-1:ticketstoheaven-dev-alarms-us-east-1': confirmed,
          },
        }),
        bundles,
        workspaceRoot: root,
      },
    );

    // Assert
    expect(results.filter((result) => result.status !== 'ok')).toEqual([]);
    expect(results.map((result) => result.check)).toEqual([
      'AWS credentials',
      'CDK bootstrap (us-east-2)',
      'CDK bootstrap (us-east-1)',
      'CDK bootstrap (us-west-2)',
      'secret ticketstoheaven/dev/stripe-api-key',
      'secret ticketstoheaven/dev/stripe-webhook-secret',
      'secret ticketstoheaven/dev/third-party-api-key',
      'fulfillment endpoint',
      'alarm destinations',
      'alarm topic ticketstoheaven-dev-alarms (us-east-2)',
      'alarm topic ticketstoheaven-dev-alarms-us-east-1 (us-east-1)',
      'build output',
    ]);
  });

  it('names the bootstrap command for a region that is not bootstrapped', async () => {
    // Act
    const results = await runDeployChecks(loadStageConfig('dev'), {
      detectCredentials: withCredentials,
      aws: fakeAws({ parameters: { [`us-east-2:${bootstrapParameterName()}`]: '30' } }),
    });

    // Assert
    expect(byCheck(results)['CDK bootstrap (us-east-1)']).toEqual({
      check: 'CDK bootstrap (us-east-1)',
      status: 'fail',
      detail: 'not bootstrapped: run `npx cdk bootstrap aws://<account-id>/us-east-1`',
    });
  });

  it('reports credentials AWS rejects once, not once per region', async () => {
    // Act
    const results = await runDeployChecks(loadStageConfig('dev'), {
      detectCredentials: withCredentials,
      aws: fakeAws({
        error: awsError('ExpiredTokenException', 'The security token included in the request is expired'),
      }),
    });

    // Assert
    expect(results.map((result) => [result.check, result.status])).toEqual([
      ['AWS credentials', 'ok'],
      ['CDK bootstrap (us-east-2)', 'fail'],
    ]);
    expect(results[1]!.detail).toMatch(
      /^AWS rejected the credentials \(The security token included in the request is expired\)/,
    );
  });

  it('lets a deploy of prod fail on the placeholder fulfillment endpoint, and dev merely warn', async () => {
    // Arrange
    const deps = { detectCredentials: withCredentials, aws: fakeAws({ parameters: bootstrapped }) };

    // Act
    const prod = await runDeployChecks(loadStageConfig('prod', { settings: oncall }), deps);
    const dev = await runDeployChecks(loadStageConfig('dev'), deps);
    const configuredProd = await runDeployChecks(
      loadStageConfig('prod', { fulfillmentEndpoint: 'https://api.fulfil.example/v1', settings: oncall }),
      deps,
    );

    // Assert
    expect(byCheck(prod)['fulfillment endpoint']!.status).toBe('fail');
    expect(byCheck(dev)['fulfillment endpoint']!.status).toBe('warn');
    expect(hasFailures(configuredProd)).toBe(false);
  });

  it('refuses to deploy prod while its alarms would reach nobody; other stages only warn', async () => {
    // Arrange
    const deps = { detectCredentials: withCredentials, aws: fakeAws({ parameters: bootstrapped }) };
    const endpoint = 'https://api.fulfil.example/v1';

    // Act
    const prod = await runDeployChecks(loadStageConfig('prod', { fulfillmentEndpoint: endpoint }), deps);
    const staging = await runDeployChecks(loadStageConfig('staging', { fulfillmentEndpoint: endpoint }), deps);

    // Assert
    expect(byCheck(prod)['alarm destinations']).toEqual({
      check: 'alarm destinations',
      status: 'fail',
      detail: expect.stringContaining('set operatorSettings.prod.alarms in tools/infra/src/config.ts') as unknown,
    });
    expect(hasFailures(prod)).toBe(true);
    expect(byCheck(staging)['alarm destinations']!.status).toBe('warn');
    expect(hasFailures(staging)).toBe(false);
  });

  it('names every alarm destination that has not confirmed its subscription, per topic', async () => {
    // Arrange
    const settings = {
      alarms: { emails: ['oncall@example.com', 'cto@example.com'], webhooks: ['https://hooks.example.com/sns'] },
    };
    const aws = fakeAws({
      parameters: bootstrapped,
      secrets: VALID_SECRETS,
      topics: {
        'us-east-2:ticketstoheaven-dev-alarms': [
          { protocol: 'email', endpoint: 'oncall@example.com', confirmed: true },
          { protocol: 'email', endpoint: 'cto@example.com', confirmed: false },
          { protocol: 'https', endpoint: 'https://hooks.example.com/sns', confirmed: true },
        ],
      },
    });

    // Act
    const results = await runPreflight(loadStageConfig('dev', { settings }), {
      detectCredentials: withCredentials,
      aws,
      bundles,
      workspaceRoot: root,
    });

    // Assert
    const checks = byCheck(results);
    expect(checks['alarm topic ticketstoheaven-dev-alarms (us-east-2)']).toEqual({
      check: 'alarm topic ticketstoheaven-dev-alarms (us-east-2)',
      status: 'warn',
      detail: 'waiting for confirmation: cto@example.com (open the e-mail from AWS Notifications and confirm)',
    });
    expect(checks['alarm topic ticketstoheaven-dev-alarms-us-east-1 (us-east-1)']).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('does not exist yet') as unknown,
    });
    expect(checks['alarm destinations']).toEqual({
      check: 'alarm destinations',
      status: 'ok',
      detail: '2 e-mail, 1 webhook',
    });
  });

  it('fails secrets that still hold the generated placeholder and warns about ones not created yet', async () => {
    // Act
    const results = await runPreflight(loadStageConfig('dev'), {
      detectCredentials: withCredentials,
      aws: fakeAws({
        parameters: bootstrapped,
        secrets: {
          'ticketstoheaven/dev/stripe-api-key': '{"placeholder":"Xy12Ab34Cd56Ef78"}',
          'ticketstoheaven/dev/third-party-api-key': VALID_SECRETS['ticketstoheaven/dev/third-party-api-key'],
        },
      }),
      bundles,
      workspaceRoot: root,
    });

    // Assert
    const checks = byCheck(results);
    expect(checks['secret ticketstoheaven/dev/stripe-api-key']!.status).toBe('fail');
    expect(checks['secret ticketstoheaven/dev/stripe-api-key']!.detail).toContain(
      'aws secretsmanager put-secret-value --secret-id ticketstoheaven/dev/stripe-api-key',
    );
    expect(checks['secret ticketstoheaven/dev/stripe-webhook-secret']!.status).toBe('warn');
    expect(formatResults(results)).not.toContain('Xy12Ab34Cd56Ef78');
  });

  it('refuses a test-mode Stripe key and the placeholder fulfillment endpoint in prod', async () => {
    // Act
    const results = await runPreflight(loadStageConfig('prod', { settings: oncall }), {
      detectCredentials: withCredentials,
      aws: fakeAws({
        parameters: bootstrapped,
        secrets: {
          'ticketstoheaven/prod/stripe-api-key': '{"api_key":"sk_test_51Habc"}',
          'ticketstoheaven/prod/stripe-webhook-secret': '{"api_key":"not-a-webhook-secret"}',
          'ticketstoheaven/prod/third-party-api-key': '{"api_key":"ful-0123456789"}',
        },
      }),
      bundles,
      workspaceRoot: root,
    });

    // Assert
    const checks = byCheck(results);
    expect(checks['secret ticketstoheaven/prod/stripe-api-key']).toMatchObject({
      status: 'fail',
      detail: 'holds a test-mode key in prod',
    });
    expect(checks['secret ticketstoheaven/prod/stripe-webhook-secret']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('whsec_'),
    });
    expect(checks['fulfillment endpoint']!.status).toBe('fail');
    expect(hasFailures(results)).toBe(true);
  });

  it('refuses a live-mode Stripe key outside prod', async () => {
    // Act
    const results = await runPreflight(loadStageConfig('dev'), {
      detectCredentials: withCredentials,
      aws: fakeAws({
        parameters: bootstrapped,
        secrets: { ...VALID_SECRETS, 'ticketstoheaven/dev/stripe-api-key': 'sk_live_51Habc' },
      }),
      bundles,
      workspaceRoot: root,
    });

    // Assert
    expect(byCheck(results)['secret ticketstoheaven/dev/stripe-api-key']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('real cards would be charged'),
    });
  });

  it('warns, without failing, when the build output is not there yet', async () => {
    // Act
    const results = await runPreflight(
      loadStageConfig('dev', { fulfillmentEndpoint: 'https://api.fulfil.example/v1' }),
      {
        detectCredentials: withCredentials,
        aws: fakeAws({ parameters: bootstrapped, secrets: VALID_SECRETS }),
        bundles: { apiBundleDir: join(root, 'nowhere'), storefrontDir: join(root, 'nowhere') },
        workspaceRoot: root,
      },
    );

    // Assert
    expect(byCheck(results)['build output']).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('nowhere/catalog/index.js'),
    });
    expect(hasFailures(results)).toBe(false);
  });
});

describe('AWS error descriptions', () => {
  it.each([
    [awsError('ExpiredTokenException'), 'credentials'],
    [awsError('CredentialsProviderError'), 'no-credentials'],
    [awsError('AccessDeniedException'), 'access-denied'],
    [Object.assign(new Error('getaddrinfo ENOTFOUND ssm.us-east-2.amazonaws.com'), { code: 'ENOTFOUND' }), 'network'],
    [awsError('ThrottlingException'), 'other'],
  ])('classifies %s as %s', (error, kind) => {
    // Act
    const classified = classifyAwsError(error);

    // Assert
    expect(classified).toBe(kind);
  });

  it('keeps only the first line of a multi-line SDK message', () => {
    // Act
    const described = describeAwsError(awsError('AccessDeniedException', 'User is not authorized\n  at stack frame'));

    // Assert
    expect(described).toBe('Access denied (User is not authorized).');
  });
});
