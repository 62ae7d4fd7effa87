import { describe, expect, it } from 'vitest';
import {
  alarmDestinationCount,
  ConfigurationError,
  loadStageConfig,
  operatorSettings,
  resourceNames,
  stageNames,
  usesPlaceholderFulfillmentEndpoint,
} from './config';

describe('loadStageConfig', () => {
  it('names everything ticketstoheaven-<stage> in us-east-2, with us-east-1 for the edge and us-west-2 for recovery', () => {
    // Act
    const configs = stageNames.map((stage) => loadStageConfig(stage));

    // Assert
    expect(
      configs.map((config) => [config.namePrefix, config.region, config.edgeRegion, config.recoveryRegion]),
    ).toEqual([
      ['ticketstoheaven-dev', 'us-east-2', 'us-east-1', 'us-west-2'],
      ['ticketstoheaven-staging', 'us-east-2', 'us-east-1', 'us-west-2'],
      ['ticketstoheaven-prod', 'us-east-2', 'us-east-1', 'us-west-2'],
    ]);
  });

  it('places staging between dev and prod: canary releases and audit like prod, no irreversible locks', () => {
    // Act
    const [dev, staging, prod] = stageNames.map((stage) => loadStageConfig(stage));

    // Assert
    expect([dev!.retainData, dev!.lambda.deployment]).toEqual([false, 'all-at-once']);
    expect([staging!.retainData, staging!.lambda.deployment, staging!.logLevel]).toEqual([false, 'canary', 'INFO']);
    expect([prod!.retainData, prod!.lambda.deployment]).toEqual([true, 'canary']);
    expect([dev!.audit.objectLock, staging!.audit.objectLock, prod!.audit.objectLock]).toEqual([false, false, true]);
    expect([dev!.backup.vaultLock, staging!.backup.vaultLock]).toEqual([undefined, undefined]);
    expect(prod!.backup.vaultLock).toBeDefined();
  });

  it('keeps access logs and the audit trail for a year in prod (PCI DSS 10.7)', () => {
    // Act
    const prod = loadStageConfig('prod');

    // Assert
    expect(prod.accessLogRetentionDays).toBe(365);
    expect(prod.audit.retentionDays).toBe(365);
    expect(prod.audit.dataEventTables).toEqual(['Orders', 'Payments']);
  });

  it('locks backups for at least as long as the shortest retention that ships, and no longer than the vault allows', () => {
    // Act
    const { backup } = loadStageConfig('prod');

    // Assert
    expect(backup.vaultLock!.minRetentionDays).toBeLessThanOrEqual(
      Math.min(backup.retentionDays, backup.copyRetentionDays),
    );
    expect(backup.vaultLock!.maxRetentionDays).toBeGreaterThanOrEqual(
      Math.max(backup.retentionDays, backup.copyRetentionDays),
    );
  });

  it.each([undefined, 'test', 'PROD', 42])('rejects the stage %j with the accepted values', (stage) => {
    // Act
    const load = () => loadStageConfig(stage);

    // Assert
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(/stage=dev\|staging\|prod/);
  });

  it('applies context overrides for retention, account and fulfillment endpoint', () => {
    // Act
    const config = loadStageConfig('dev', {
      logRetentionDays: '14',
      account: '123456789012',
      fulfillmentEndpoint: 'https://fulfil.example.com/v1',
    });

    // Assert
    expect(config.logRetentionDays).toBe(14);
    expect(config.account).toBe('123456789012');
    expect(config.fulfillment.endpoint).toBe('https://fulfil.example.com/v1');
    expect(usesPlaceholderFulfillmentEndpoint(config)).toBe(false);
  });

  it('takes alarm destinations and the domain from the operator settings in code, never from a deploy flag', () => {
    // Act
    const shipped = loadStageConfig('prod', { alarmEmail: 'ops@example.com' } as never);
    const configured = loadStageConfig('prod', {
      settings: {
        alarms: {
          emails: ['ops@example.com'],
          webhooks: [],
          slack: { workspaceId: 'T0123ABCDE', channelId: 'C0123ABCDE' },
        },
      },
    });

    // Assert
    expect(shipped.alarms).toEqual(operatorSettings.prod.alarms);
    expect(alarmDestinationCount(shipped)).toBe(0);
    expect(alarmDestinationCount(configured)).toBe(2);
  });

  it.each([
    [{ logRetentionDays: '10' }, /logRetentionDays must be one of/],
    [{ account: '1234' }, /12-digit/],
    [{ fulfillmentEndpoint: 'http://plain.example.com' }, /https URL/],
    [{ settings: { alarms: { emails: ['not-an-address'], webhooks: [] } } }, /alarms\.emails/],
    [{ settings: { alarms: { emails: [], webhooks: ['http://hooks.example.com'] } } }, /alarms\.webhooks/],
    [{ settings: { domain: { name: 'Tickets.Example.com' } } }, /domain\.name/],
    [
      { settings: { domain: { name: 'tickets.example.com', hostedZone: { id: 'Z123ABC', name: 'example.org' } } } },
      /not inside the hosted zone/,
    ],
    [
      {
        settings: {
          domain: { name: 'tickets.example.com', certificateArn: 'arn:aws:acm:us-east-2:123456789012:certificate/abc' },
        },
      },
      /us-east-1/,
    ],
    [
      { settings: { restoredTables: { Orders: { tableName: 'orders-copy' } } } },
      /must start with ticketstoheaven-prod-/,
    ],
  ])('rejects the override %j naming the setting', (overrides, message) => {
    // Act
    const load = () => loadStageConfig('prod', overrides);

    // Assert
    expect(load).toThrow(message);
  });

  it('starts with the placeholder fulfillment endpoint until one is configured', () => {
    // Act
    const config = loadStageConfig('prod');

    // Assert
    expect(usesPlaceholderFulfillmentEndpoint(config)).toBe(true);
  });
});

describe('resourceNames', () => {
  it('keeps the secret and parameter names of the original Terraform design, per stage', () => {
    // Act
    const names = resourceNames(loadStageConfig('prod'));

    // Assert
    expect(names.secrets).toEqual({
      stripeApiKey: 'ticketstoheaven/prod/stripe-api-key',
      stripeWebhookSecret: 'ticketstoheaven/prod/stripe-webhook-secret',
      fulfillmentApiKey: 'ticketstoheaven/prod/third-party-api-key',
      originVerify: 'ticketstoheaven/prod/cloudfront-origin-verify',
    });
    expect(names.parameters).toEqual({
      fulfillmentEndpoint: '/ticketstoheaven/prod/third-party-api-endpoint',
      featureFlags: '/ticketstoheaven/prod/feature-flags',
    });
    expect(names.functionName('orders')).toBe('ticketstoheaven-prod-orders');
    expect(names.stacks).toEqual({
      recovery: 'ticketstoheaven-prod-recovery',
      data: 'ticketstoheaven-prod-data',
      edge: 'ticketstoheaven-prod-edge',
      app: 'ticketstoheaven-prod-app',
      edgeMonitoring: 'ticketstoheaven-prod-edge-monitoring',
    });
  });
});
