import { describe, expect, it } from 'vitest';
import { ConfigError } from '@tth/runtime';
import { loadFunctionConfig, localSettingsEnv, readSetting, settingsEnv } from './config';

describe('loadFunctionConfig (the fulfillment functions)', () => {
  it('takes the endpoint and API key straight from env locally, with the retry defaults', async () => {
    // Arrange
    const source = {
      ORDERS_TABLE: 'local-orders',
      FULFILLMENT_ENDPOINT: 'http://127.0.0.1:12112',
      FULFILLMENT_API_KEY: 'local-key',
    };

    // Act
    const config = loadFunctionConfig('fulfillment-worker', source);

    // Assert
    expect(config).toMatchObject({
      ordersTable: 'local-orders',
      fulfillmentTimeoutMs: 8_000,
      fulfillmentHttpAttempts: 4,
      fulfillmentBackoffBaseMs: 200,
      fulfillmentBackoffMaxMs: 5_000,
      fulfillmentMaxAttempts: 3,
    });
    expect(await config.fulfillmentEndpoint.get()).toBe('http://127.0.0.1:12112');
    expect(await config.fulfillmentApiKey.get()).toBe('local-key');
  });

  it('reads the endpoint from SSM and the key from Secrets Manager when only their names are set (AWS)', () => {
    // Arrange
    const source = {
      ORDERS_TABLE: 'prod-orders',
      FULFILLMENT_ENDPOINT_PARAM: '/ticketstoheaven/prod/fulfillment/endpoint',
      FULFILLMENT_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:fulfillment-key',
    };

    // Act
    const config = loadFunctionConfig('fulfillment-worker', source);

    // Assert
    expect(config.fulfillmentEndpoint.origin).toEqual({
      kind: 'ssm',
      id: '/ticketstoheaven/prod/fulfillment/endpoint',
    });
    expect(config.fulfillmentApiKey.origin).toEqual({
      kind: 'secrets-manager',
      id: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:fulfillment-key',
    });
  });

  it('fails naming every missing or malformed setting', () => {
    // Arrange
    const source = { FULFILLMENT_MAX_ATTEMPTS: '0', FULFILLMENT_TIMEOUT_MS: 'soon' };

    // Act
    const attempt = () => loadFunctionConfig('fulfillment-worker', source);

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /ORDERS_TABLE is required.*FULFILLMENT_ENDPOINT \(or FULFILLMENT_ENDPOINT_PARAM\).*FULFILLMENT_API_KEY \(or FULFILLMENT_API_KEY_SECRET_ARN\).*FULFILLMENT_TIMEOUT_MS must be an integer.*FULFILLMENT_MAX_ATTEMPTS must be at least 1/,
    );
  });

  it('needs only the Orders table for the redrive', () => {
    // Arrange
    const source = { ORDERS_TABLE: 'dev-orders' };

    // Act
    const config = loadFunctionConfig('redrive-fulfillment', source);

    // Assert
    expect(config).toEqual({
      ordersTable: 'dev-orders',
      stage: 'local',
      logLevel: 'INFO',
      awsRegion: 'us-east-2',
      dynamoEndpoint: undefined,
    });
  });
});

describe('loadFunctionConfig (the order functions)', () => {
  const tables = {
    CATALOG_TABLE: 'c',
    ORDERS_TABLE: 'o',
    CUSTOMERS_TABLE: 'cu',
    PAYMENTS_TABLE: 'p',
    IDEMPOTENCY_TABLE: 'i',
    PROCESSED_EVENTS_TABLE: 'pe',
  };

  it('reads exactly the settings the list gives the function, with their defaults', async () => {
    // Arrange
    const source = {
      ...tables,
      STRIPE_SECRET_KEY: 'sk_test_1',
      STOREFRONT_URL: 'https://shop.example/',
      HOLD_MINUTES: '45',
    };

    // Act
    const config = loadFunctionConfig('orders', source);

    // Assert
    expect(Object.keys(config).sort()).toEqual(
      [
        'stage',
        'logLevel',
        'awsRegion',
        'dynamoEndpoint',
        'catalogTable',
        'ordersTable',
        'customersTable',
        'paymentsTable',
        'idempotencyTable',
        'processedEventsTable',
        'stripeSecretKey',
        'stripeApiBase',
        'stripeTimeoutMs',
        'storefrontUrl',
        'holdMinutes',
        'featureFlags',
      ].sort(),
    );
    expect(config).toMatchObject({ holdMinutes: 45, storefrontUrl: 'https://shop.example', stripeApiBase: undefined });
    expect(await config.stripeSecretKey.get()).toBe('sk_test_1');
    expect(config.featureFlags.origin).toEqual({ kind: 'default' });
    expect(await config.featureFlags.get()).toBe('{}');
  });

  it('holds HOLD_MINUTES within 1..1440, naming the variable', () => {
    // Arrange
    const tooLong = { HOLD_MINUTES: '1441' };
    const notANumber = { HOLD_MINUTES: 'soon' };

    // Act
    const attempts = [() => readSetting('holdMinutes', tooLong), () => readSetting('holdMinutes', notANumber)];

    // Assert
    expect(attempts[0]).toThrow('HOLD_MINUTES must be at most 1440');
    expect(attempts[1]).toThrow('HOLD_MINUTES must be an integer (got "soon")');
    expect(readSetting('holdMinutes', {})).toBe(30);
  });
});

describe('environment helpers of the local tooling', () => {
  it('spells each setting by its variable, and knows every local value and default', () => {
    // Act
    const env = settingsEnv({ holdMinutes: 12, storefrontUrl: 'http://localhost:1234', stripeApiBase: undefined });
    const local = localSettingsEnv();

    // Assert
    expect(env).toEqual({ HOLD_MINUTES: '12', STOREFRONT_URL: 'http://localhost:1234' });
    expect(local).toMatchObject({
      STAGE: 'local',
      HOLD_MINUTES: '30',
      STRIPE_API_BASE: 'http://127.0.0.1:12111',
      FULFILLMENT_ENDPOINT: 'http://127.0.0.1:12112',
    });
    expect(local).not.toHaveProperty('ORDERS_TABLE');
    expect(local).not.toHaveProperty('DYNAMODB_ENDPOINT');
  });
});
