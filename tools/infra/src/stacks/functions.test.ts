/**
 * Lambda: prebuilt bundles deployed as they are, Node 22 on arm64, one least-privilege role per
 * function, log groups, aliases with CodeDeploy traffic shifting and rollback, reserved concurrency.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageNames } from '../config';
import { functionNames } from '../functions';
import { roleStatements, summariseGrants } from '../testing/iam';
import { fixtureConfig, resourcesOfType, synthesizedStage, templateJson, type CfnResource } from '../testing/templates';

type Json = ReturnType<typeof templateJson>;

function functionNamed(json: Json, name: string): CfnResource {
  const [match] = resourcesOfType(json, 'AWS::Lambda::Function').filter(
    ([, fn]) => fn.Properties!['FunctionName'] === name,
  );
  if (!match) throw new Error(`no function ${name}`);
  return match[1];
}

describe.each(stageNames)('Lambda functions (%s)', (stage) => {
  let json: Json;
  const config = fixtureConfig(stage);
  const name = (fn: string) => `ticketstoheaven-${stage}-${fn}`;

  beforeAll(() => {
    json = templateJson(stage, 'app');
  });

  it('deploys each function on Node.js 22, arm64, index.handler, with source maps and active tracing', () => {
    // Act
    const settings = functionNames.map((fn) => {
      const props = functionNamed(json, name(fn)).Properties!;
      const variables = (props['Environment'] as { Variables: Record<string, unknown> }).Variables;
      return [
        props['Runtime'],
        props['Architectures'],
        props['Handler'],
        variables['NODE_OPTIONS'],
        props['TracingConfig'],
      ];
    });

    // Assert
    for (const setting of settings) {
      expect(setting).toEqual(['nodejs22.x', ['arm64'], 'index.handler', '--enable-source-maps', { Mode: 'Active' }]);
    }
  });

  it('ships exactly the api:build output folder of each function', () => {
    // Arrange
    const { outdir } = synthesizedStage(stage);
    const manifest = JSON.parse(readFileSync(join(outdir, `ticketstoheaven-${stage}-app.assets.json`), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };

    // Act
    const shipped = functionNames.map((fn) => {
      const objectKey = (functionNamed(json, name(fn)).Properties!['Code'] as { S3Key: string }).S3Key;
      const asset = manifest.files[objectKey.replace(/\.zip$/, '')]!;
      return readFileSync(join(outdir, asset.source.path, 'index.js'), 'utf8');
    });

    // Assert
    shipped.forEach((code, i) => expect(code).toContain(`stub:${functionNames[i]}`));
  });

  it('writes each function to its own encrypted log group with the configured retention', () => {
    // Act
    const groups = functionNames.map((fn) => {
      const config = functionNamed(json, name(fn)).Properties!['LoggingConfig'] as { LogGroup: { Ref: string } };
      return json.Resources[config.LogGroup.Ref]!.Properties!;
    });

    // Assert
    groups.forEach((group, i) => {
      expect(group['LogGroupName']).toBe(`/aws/lambda/${name(functionNames[i]!)}`);
      expect(group['RetentionInDays']).toBe(config.logRetentionDays);
      expect(JSON.stringify(group['KmsKeyId'])).toContain('LogsKey');
    });
  });

  it('gives each function the environment its handler configuration reads', () => {
    // Act
    const environments = Object.fromEntries(
      functionNames.map((fn) => [
        fn,
        Object.keys(
          (functionNamed(json, name(fn)).Properties!['Environment'] as { Variables: object }).Variables,
        ).sort(),
      ]),
    );

    // Assert
    const common = ['LOG_LEVEL', 'NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'STAGE'];
    const withCommon = (...names: string[]) => [...common, ...names].sort();
    // @tth/orders' shared configuration (orders, webhook, sweep) asks for every table name.
    const allTables = [
      'CATALOG_TABLE',
      'ORDERS_TABLE',
      'CUSTOMERS_TABLE',
      'PAYMENTS_TABLE',
      'IDEMPOTENCY_TABLE',
      'PROCESSED_EVENTS_TABLE',
    ];
    expect(environments).toEqual({
      catalog: withCommon('CATALOG_TABLE', 'FEATURE_FLAGS_PARAM', 'STOREFRONT_URL'),
      orders: withCommon(
        ...allTables,
        'STRIPE_API_KEY_SECRET_ARN',
        'FEATURE_FLAGS_PARAM',
        'STOREFRONT_URL',
        'HOLD_MINUTES',
      ),
      'stripe-webhook': withCommon(
        ...allTables,
        'STRIPE_API_KEY_SECRET_ARN',
        'STRIPE_WEBHOOK_SECRET_ARN',
        'STOREFRONT_URL',
        'HOLD_MINUTES',
      ),
      'hold-expiry-sweep': withCommon(
        ...allTables,
        'STRIPE_API_KEY_SECRET_ARN',
        'STOREFRONT_URL',
        'HOLD_MINUTES',
        'STUCK_ORDER_MINUTES',
      ),
      'payment-reconciliation': withCommon(
        ...allTables,
        'RECONCILIATION_TABLE',
        'STRIPE_API_KEY_SECRET_ARN',
        'STOREFRONT_URL',
        'HOLD_MINUTES',
      ),
      'fulfillment-worker': withCommon('ORDERS_TABLE', 'FULFILLMENT_API_KEY_SECRET_ARN', 'FULFILLMENT_ENDPOINT_PARAM'),
      'order-events': withCommon('ORDER_EVENT_BUS_NAME'),
      // The organizers' pool and client; never COGNITO_ENDPOINT (local only: it trusts cognito-local's keys).
      organizer: withCommon('ORGANIZER_USER_POOL_ID', 'ORGANIZER_CLIENT_ID', 'STOREFRONT_URL'),
      'redrive-fulfillment': withCommon('ORDERS_TABLE'),
    });
  });

  it('sets the values the handlers depend on: stage, metrics namespace, service name, hold time', () => {
    // Act
    const variables = (
      functionNamed(json, name('orders')).Properties!['Environment'] as { Variables: Record<string, unknown> }
    ).Variables;

    // Assert
    expect(variables).toMatchObject({
      STAGE: stage,
      POWERTOOLS_METRICS_NAMESPACE: 'TicketsToHeaven',
      POWERTOOLS_SERVICE_NAME: 'orders',
      HOLD_MINUTES: '30',
      LOG_LEVEL: stage === 'dev' ? 'DEBUG' : 'INFO',
    });
    // Checkout return URLs point at the custom domain when there is one.
    if (config.domain) expect(variables['STOREFRONT_URL']).toBe(`https://${config.domain.name}`);
    else expect(JSON.stringify(variables['STOREFRONT_URL'])).toContain('StorefrontDistribution');
  });

  it('grants each role only its tables, indexes, secrets and parameters (the DLQ only to the stream mapping)', () => {
    // Act
    const grants = Object.fromEntries(
      functionNames.map((fn) => [fn, summariseGrants(roleStatements(json.Resources, name(fn)))]),
    );

    // Assert
    const summary = (fn: string) => {
      const { tables, secrets, parameters, dlq, streams } = grants[fn]!;
      return { tables, secrets, parameters, dlq, streams };
    };
    expect(summary('catalog')).toEqual({
      tables: { Catalog: 'read' },
      secrets: [],
      parameters: ['FeatureFlags'],
      dlq: [],
      streams: [],
    });
    expect(summary('orders')).toEqual({
      tables: {
        Catalog: 'readWrite',
        Orders: 'readWrite',
        Customers: 'readWrite',
        IdempotencyKeys: 'readWrite',
        Payments: 'readWrite',
      },
      secrets: ['StripeApiKey'],
      parameters: ['FeatureFlags'],
      dlq: [],
      streams: [],
    });
    expect(summary('stripe-webhook')).toEqual({
      tables: { Orders: 'readWrite', Catalog: 'readWrite', Payments: 'readWrite', ProcessedEvents: 'readWrite' },
      secrets: ['StripeApiKey', 'StripeWebhookSecret'],
      parameters: [],
      dlq: [],
      streams: [],
    });
    expect(summary('hold-expiry-sweep')).toEqual({
      tables: { Orders: 'readWrite', Catalog: 'readWrite' },
      secrets: ['StripeApiKey'],
      parameters: [],
      dlq: [],
      streams: [],
    });
    expect(summary('payment-reconciliation')).toEqual({
      tables: { Orders: 'readWrite', Catalog: 'readWrite', Payments: 'readWrite', Reconciliation: 'readWrite' },
      secrets: ['StripeApiKey'],
      parameters: [],
      dlq: [],
      streams: [],
    });
    expect(summary('fulfillment-worker')).toEqual({
      tables: { Orders: 'readWrite' },
      secrets: ['FulfillmentApiKey'],
      parameters: ['FulfillmentEndpoint'],
      dlq: ['send'],
      streams: ['Orders'],
    });
    expect(summary('order-events')).toEqual({
      tables: {},
      secrets: [],
      parameters: [],
      dlq: ['send'],
      streams: ['Orders'],
    });
    expect(summary('redrive-fulfillment')).toEqual({
      tables: { Orders: 'readWrite' },
      secrets: [],
      parameters: [],
      dlq: [],
      streams: [],
    });
  });

  it('names indexes one by one, never scans, and uses * only for actions without resource-level permissions', () => {
    // Act
    const grants = Object.fromEntries(
      functionNames.map((fn) => [fn, summariseGrants(roleStatements(json.Resources, name(fn)))]),
    );

    // Assert
    expect(grants['catalog']!.indexes).toEqual(['Catalog.byListing']);
    expect(grants['fulfillment-worker']!.indexes).toEqual(['Orders.byCustomer', 'Orders.byStatus']);
    for (const grant of Object.values(grants)) {
      expect(grant.allActions).not.toContain('dynamodb:Scan');
      expect(grant.allActions.filter((action) => action.endsWith(':*') || action === '*')).toEqual([]);
      expect(
        grant.wildcardResourceActions.filter(
          (action) => !['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'dynamodb:ListStreams'].includes(action),
        ),
      ).toEqual([]);
    }
  });

  it('uses the data key only through the services that hold encrypted data for the function', () => {
    // Act
    const keyUse = roleStatements(json.Resources, name('catalog')).find(
      (statement) => (statement as { Sid?: string }).Sid === 'UseStageKeyThroughServices',
    ) as { Action: string[]; Condition: unknown } | undefined;

    // Assert
    expect(keyUse?.Action).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    expect(keyUse?.Condition).toEqual({ StringEquals: { 'kms:ViaService': ['dynamodb.us-east-2.amazonaws.com'] } });
    expect(JSON.stringify((keyUse as { Resource?: unknown }).Resource)).toContain('DataKey');
  });

  it('invokes every function through a live alias that CodeDeploy shifts and rolls back on its error alarm', () => {
    // Act
    const groups = resourcesOfType(json, 'AWS::CodeDeploy::DeploymentGroup').map(([, group]) => group.Properties!);
    const aliases = resourcesOfType(json, 'AWS::Lambda::Alias');

    // Assert
    expect(aliases).toHaveLength(functionNames.length);
    expect(aliases.every(([, alias]) => alias.Properties!['Name'] === 'live')).toBe(true);
    expect(groups).toHaveLength(functionNames.length);
    for (const group of groups) {
      expect(group['DeploymentConfigName']).toBe(
        config.lambda.deployment === 'canary'
          ? 'CodeDeployDefault.LambdaCanary10Percent5Minutes'
          : 'CodeDeployDefault.LambdaAllAtOnce',
      );
      expect(group['AutoRollbackConfiguration']).toEqual({
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'],
      });
      const alarmRef = (group['AlarmConfiguration'] as { Alarms: Array<{ Name: { Ref: string } }> }).Alarms[0]!.Name
        .Ref;
      expect(json.Resources[alarmRef]!.Properties!['MetricName']).toBe('Errors');
    }
  });

  it('alarms on errors, throttles and p99 duration of every function alias', () => {
    // Act
    const alarmsByFunction = functionNames.map((fn) =>
      resourcesOfType(json, 'AWS::CloudWatch::Alarm')
        .map(([, alarm]) => alarm.Properties!)
        .filter((alarm) => JSON.stringify(alarm['Dimensions'] ?? []).includes(`"${name(fn)}:live"`))
        .map((alarm) => `${alarm['MetricName']}:${alarm['ExtendedStatistic'] ?? alarm['Statistic']}`)
        .sort(),
    );

    // Assert
    for (const alarms of alarmsByFunction) expect(alarms).toEqual(['Duration:p99', 'Errors:Sum', 'Throttles:Sum']);
  });

  it(
    stage === 'prod'
      ? 'reserves concurrency to protect Stripe, the provider and singleton jobs'
      : `reserves no concurrency in ${stage} (small account quotas)`,
    () => {
      // Act
      const reserved = Object.fromEntries(
        functionNames.map((fn) => [fn, functionNamed(json, name(fn)).Properties!['ReservedConcurrentExecutions']]),
      );

      // Assert
      expect(reserved).toEqual(
        stage === 'prod'
          ? {
              catalog: undefined,
              orders: 50,
              'stripe-webhook': undefined,
              'hold-expiry-sweep': 1,
              'payment-reconciliation': 1,
              'fulfillment-worker': 5,
              'redrive-fulfillment': 1,
            }
          : Object.fromEntries(functionNames.map((fn) => [fn, undefined])),
      );
    },
  );

  it('ties log groups to the data retention policy of the stage', () => {
    // Act
    const policies = resourcesOfType(json, 'AWS::Logs::LogGroup')
      .filter(([, group]) =>
        String(group.Properties!['LogGroupName']).startsWith(`/aws/lambda/ticketstoheaven-${stage}-`),
      )
      .filter(([, group]) => !String(group.Properties!['LogGroupName']).endsWith('storefront-deployment'))
      .map(([, group]) => group.DeletionPolicy);

    // Assert
    expect(policies).toEqual(Array(functionNames.length).fill(config.retainData ? 'Retain' : 'Delete'));
  });
});
