import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadStageConfig, resourceNames, usesPlaceholderFulfillmentEndpoint } from './config';

describe('loadStageConfig', () => {
  it('names everything ticketstoheaven-<stage> in us-east-2', () => {
    // Act
    const dev = loadStageConfig('dev');
    const prod = loadStageConfig('prod');

    // Assert
    expect([dev.namePrefix, dev.region, dev.edgeRegion]).toEqual(['ticketstoheaven-dev', 'us-east-2', 'us-east-1']);
    expect([prod.namePrefix, prod.region]).toEqual(['ticketstoheaven-prod', 'us-east-2']);
  });

  it('retains data and shifts traffic gradually only in prod', () => {
    // Act
    const dev = loadStageConfig('dev');
    const prod = loadStageConfig('prod');

    // Assert
    expect([dev.retainData, dev.lambda.deployment]).toEqual([false, 'all-at-once']);
    expect([prod.retainData, prod.lambda.deployment]).toEqual([true, 'canary']);
  });

  it.each([undefined, 'staging', 'PROD', 42])('rejects the stage %j with the accepted values', (stage) => {
    // Act
    const load = () => loadStageConfig(stage);

    // Assert
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(/stage=dev\|prod/);
  });

  it('applies context overrides for retention, account, alarm e-mail and fulfillment endpoint', () => {
    // Act
    const config = loadStageConfig('dev', {
      logRetentionDays: '14',
      account: '123456789012',
      alarmEmail: 'ops@example.com',
      fulfillmentEndpoint: 'https://fulfil.example.com/v1',
    });

    // Assert
    expect(config.logRetentionDays).toBe(14);
    expect(config.account).toBe('123456789012');
    expect(config.alarmEmail).toBe('ops@example.com');
    expect(config.fulfillment.endpoint).toBe('https://fulfil.example.com/v1');
    expect(usesPlaceholderFulfillmentEndpoint(config)).toBe(false);
  });

  it.each([
    [{ logRetentionDays: '10' }, /logRetentionDays must be one of/],
    [{ account: '1234' }, /12-digit/],
    [{ alarmEmail: 'not-an-address' }, /alarmEmail/],
    [{ fulfillmentEndpoint: 'http://plain.example.com' }, /https URL/],
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
    });
    expect(names.parameters).toEqual({
      fulfillmentEndpoint: '/ticketstoheaven/prod/third-party-api-endpoint',
      featureFlags: '/ticketstoheaven/prod/feature-flags',
    });
    expect(names.functionName('orders')).toBe('ticketstoheaven-prod-orders');
    expect(names.stacks).toEqual({
      data: 'ticketstoheaven-prod-data',
      app: 'ticketstoheaven-prod-app',
      edge: 'ticketstoheaven-prod-edge',
    });
  });
});
