import { describe, expect, it } from 'vitest';
import { ConfigError, env, loadConfig } from './config';

describe('loadConfig', () => {
  it('reads, trims and converts every setting', () => {
    // Arrange
    const source = {
      ORDERS_TABLE: ' orders ',
      HOLD_MINUTES: '45',
      STOREFRONT_URL: 'http://localhost:5173/',
      VALIDATE: 'off',
      STAGE: 'dev',
    };

    // Act
    const config = loadConfig(
      {
        ordersTable: env.string('ORDERS_TABLE'),
        holdMinutes: env.integer('HOLD_MINUTES', { default: 30, min: 30 }),
        storefrontUrl: env.url('STOREFRONT_URL'),
        validate: env.boolean('VALIDATE'),
        stage: env.oneOf('STAGE', ['local', 'dev', 'prod']),
        endpoint: env.optionalUrl('DYNAMODB_ENDPOINT'),
      },
      source,
    );

    // Assert
    expect(config).toEqual({
      ordersTable: 'orders',
      holdMinutes: 45,
      storefrontUrl: 'http://localhost:5173',
      validate: false,
      stage: 'dev',
      endpoint: undefined,
    });
  });

  it('applies defaults for unset and blank variables', () => {
    // Arrange
    const source = { HOLD_MINUTES: '   ' };

    // Act
    const config = loadConfig(
      {
        holdMinutes: env.integer('HOLD_MINUTES', { default: 30 }),
        level: env.string('LOG_LEVEL', { default: 'INFO' }),
      },
      source,
    );

    // Assert
    expect(config).toEqual({ holdMinutes: 30, level: 'INFO' });
  });

  it('fails once, naming every missing or malformed setting', () => {
    // Arrange
    const source = { HOLD_MINUTES: '30min', STOREFRONT_URL: 'localhost' };
    const spec = {
      catalogTable: env.string('CATALOG_TABLE'),
      holdMinutes: env.integer('HOLD_MINUTES'),
      storefrontUrl: env.url('STOREFRONT_URL'),
    };

    // Act
    const attempt = () => loadConfig(spec, source);

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /CATALOG_TABLE is required.*HOLD_MINUTES must be an integer.*STOREFRONT_URL must be an absolute URL/,
    );
  });

  it('enforces integer bounds and enumerations', () => {
    // Arrange
    const source = { HOLD_MINUTES: '5', STAGE: 'qa' };

    // Act
    const attempt = () =>
      loadConfig(
        { hold: env.integer('HOLD_MINUTES', { min: 30 }), stage: env.oneOf('STAGE', ['dev', 'prod']) },
        source,
      );

    // Assert
    expect(attempt).toThrow(/HOLD_MINUTES must be at least 30.*STAGE must be one of dev, prod/);
  });
});
