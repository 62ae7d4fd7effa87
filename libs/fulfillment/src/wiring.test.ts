import { describe, expect, it } from 'vitest';
import { ConfigError } from '@tth/runtime';
import { loadFulfillmentConfig, loadRedriveConfig } from './wiring';

describe('fulfillment configuration', () => {
  it('takes the endpoint and API key straight from env locally, with the retry defaults', async () => {
    // Arrange
    const source = {
      ORDERS_TABLE: 'local-orders',
      FULFILLMENT_ENDPOINT: 'http://127.0.0.1:12112',
      FULFILLMENT_API_KEY: 'local-key',
    };

    // Act
    const config = loadFulfillmentConfig(source);

    // Assert
    expect(config).toMatchObject({
      ordersTable: 'local-orders',
      timeoutMs: 8_000,
      httpAttempts: 4,
      backoffBaseMs: 200,
      backoffMaxMs: 5_000,
      maxAttempts: 3,
    });
    expect(await config.endpoint.get()).toBe('http://127.0.0.1:12112');
    expect(await config.apiKey.get()).toBe('local-key');
  });

  it('reads the endpoint from SSM and the key from Secrets Manager when only their names are set (AWS)', () => {
    // Arrange
    const source = {
      ORDERS_TABLE: 'prod-orders',
      FULFILLMENT_ENDPOINT_PARAM: '/ticketstoheaven/prod/fulfillment/endpoint',
      FULFILLMENT_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:fulfillment-key',
    };

    // Act
    const config = loadFulfillmentConfig(source);

    // Assert
    expect(config.endpoint.origin).toEqual({ kind: 'ssm', id: '/ticketstoheaven/prod/fulfillment/endpoint' });
    expect(config.apiKey.origin).toEqual({
      kind: 'secrets-manager',
      id: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:fulfillment-key',
    });
  });

  it('fails naming every missing or malformed setting', () => {
    // Arrange
    const source = { FULFILLMENT_MAX_ATTEMPTS: '0', FULFILLMENT_TIMEOUT_MS: 'soon' };

    // Act
    const attempt = () => loadFulfillmentConfig(source);

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
    const config = loadRedriveConfig(source);

    // Assert
    expect(config).toEqual({ ordersTable: 'dev-orders' });
  });
});
