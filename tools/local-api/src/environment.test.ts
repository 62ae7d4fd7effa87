import { describe, expect, it } from 'vitest';
import { LOCAL_FULFILLMENT_API_KEY, LOCAL_STRIPE_SECRET_KEY, LOCAL_STRIPE_WEBHOOK_SECRET } from '@tth/emulators';
import { LOCAL_DEFAULTS, localEnvironment, storefrontOrigins } from './environment';

describe('localEnvironment', () => {
  it('fills in local defaults and table names from the default prefix', () => {
    // Arrange
    const source = {};

    // Act
    const environment = localEnvironment(source);

    // Assert
    expect(environment).toMatchObject({
      STAGE: 'local',
      STOREFRONT_URL: 'http://localhost:5173',
      CATALOG_TABLE: 'ticketstoheaven-local-catalog',
      IDEMPOTENCY_TABLE: 'ticketstoheaven-local-idempotency-keys',
      HOLD_MINUTES: '30',
    });
  });

  it('lets the environment win, derives tables from TABLE_PREFIX and ignores blank values', () => {
    // Arrange
    const source = { TABLE_PREFIX: 'e2e-run', ORDERS_TABLE: 'custom-orders', STOREFRONT_URL: '  ', HOLD_MINUTES: '45' };

    // Act
    const environment = localEnvironment(source);

    // Assert
    expect(environment).toMatchObject({
      CATALOG_TABLE: 'e2e-run-catalog',
      ORDERS_TABLE: 'custom-orders',
      STOREFRONT_URL: 'http://localhost:5173',
      HOLD_MINUTES: '45',
    });
  });
});

describe('storefrontOrigins', () => {
  it('allows both spellings of the loopback host, and only the origin part', () => {
    // Arrange
    const urls = ['http://localhost:5173/', 'http://127.0.0.1:4173/shop', 'https://shop.example.com'];

    // Act
    const origins = urls.map((url) => storefrontOrigins(url));

    // Assert
    expect(origins).toEqual([
      ['http://localhost:5173', 'http://127.0.0.1:5173'],
      ['http://127.0.0.1:4173', 'http://localhost:4173'],
      ['https://shop.example.com'],
    ]);
  });
});

// The API runs on its own with these defaults; they must be what the emulators expect.
describe('LOCAL_DEFAULTS', () => {
  it("use the Stripe emulator's key and webhook secret", () => {
    expect(LOCAL_DEFAULTS['STRIPE_SECRET_KEY']).toBe(LOCAL_STRIPE_SECRET_KEY);
    expect(LOCAL_DEFAULTS['STRIPE_WEBHOOK_SECRET']).toBe(LOCAL_STRIPE_WEBHOOK_SECRET);
  });

  it("use the fulfillment emulator's API key", () => {
    expect(LOCAL_DEFAULTS['FULFILLMENT_API_KEY']).toBe(LOCAL_FULFILLMENT_API_KEY);
  });
});
