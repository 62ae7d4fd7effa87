import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { extractSecretValue, parameter, secret, type RemoteFetcher } from './remote-values';

function countingFetcher(values: string[]): { fetcher: RemoteFetcher; calls: string[] } {
  const calls: string[] = [];
  let index = 0;
  const fetcher: RemoteFetcher = async (id) => {
    calls.push(id);
    const value = values[Math.min(index, values.length - 1)] as string;
    index += 1;
    return value;
  };
  return { fetcher, calls };
}

describe('secret', () => {
  it('uses the plain env value when it is set, without calling the store', async () => {
    // Arrange
    const { fetcher, calls } = countingFetcher(['from-store']);
    const config = loadConfig(
      { key: secret('STRIPE_SECRET_KEY', 'STRIPE_API_KEY_SECRET_ARN', { fetcher }) },
      { STRIPE_SECRET_KEY: 'sk_test_local', STRIPE_API_KEY_SECRET_ARN: 'arn:x' },
    );

    // Act
    const value = await config.key.get();

    // Assert
    expect(value).toBe('sk_test_local');
    expect(config.key.origin).toEqual({ kind: 'env', name: 'STRIPE_SECRET_KEY' });
    expect(calls).toEqual([]);
  });

  it('fetches by ARN once, shares concurrent fetches and caches for the TTL', async () => {
    // Arrange
    let clock = 0;
    const { fetcher, calls } = countingFetcher(['{"api_key":"sk_live_first"}', '{"api_key":"sk_live_second"}']);
    const config = loadConfig(
      { key: secret('STRIPE_SECRET_KEY', 'STRIPE_API_KEY_SECRET_ARN', { fetcher, ttlMs: 1000, now: () => clock }) },
      { STRIPE_API_KEY_SECRET_ARN: 'arn:stripe' },
    );

    // Act
    const concurrent = await Promise.all([config.key.get(), config.key.get(), config.key.get()]);
    clock = 999;
    const stillCached = await config.key.get();
    clock = 2500;
    const refreshed = await config.key.get();

    // Assert
    expect(concurrent).toEqual(['sk_live_first', 'sk_live_first', 'sk_live_first']);
    expect(stillCached).toBe('sk_live_first');
    expect(refreshed).toBe('sk_live_second');
    expect(calls).toEqual(['arn:stripe', 'arn:stripe']);
  });

  it('keeps serving the last value when a refresh fails', async () => {
    // Arrange
    let clock = 0;
    let fail = false;
    const fetcher: RemoteFetcher = async () => {
      if (fail) throw new Error('throttled');
      return 'plain-secret';
    };
    const config = loadConfig(
      { key: secret('K', 'K_ARN', { fetcher, ttlMs: 10, now: () => clock }) },
      { K_ARN: 'arn:k' },
    );
    await config.key.get();

    // Act
    fail = true;
    clock = 100;
    const value = await config.key.get();

    // Assert
    expect(value).toBe('plain-secret');
  });

  it('propagates a failure when there is nothing cached, and retries next time', async () => {
    // Arrange
    let attempts = 0;
    const fetcher: RemoteFetcher = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('AccessDenied');
      return 'ok';
    };
    const config = loadConfig({ key: secret('K', 'K_ARN', { fetcher }) }, { K_ARN: 'arn:k' });

    // Act
    const first = config.key.get();
    await expect(first).rejects.toThrow('AccessDenied');
    const second = await config.key.get();

    // Assert
    expect(second).toBe('ok');
  });

  it('fails at start naming both settings when neither is set', () => {
    // Arrange
    const spec = { key: secret('STRIPE_WEBHOOK_SECRET', 'STRIPE_WEBHOOK_SECRET_ARN') };

    // Act
    const attempt = () => loadConfig(spec, {});

    // Assert
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('STRIPE_WEBHOOK_SECRET (or STRIPE_WEBHOOK_SECRET_ARN) is required but not set');
  });
});

describe('extractSecretValue', () => {
  it('accepts a plain string or a JSON object with the key, and rejects anything else without echoing it', () => {
    // Arrange
    const id = 'arn:aws:secretsmanager:us-east-2:1:secret:stripe';

    // Act
    const plain = extractSecretValue('  whsec_123 \n', 'api_key', id);
    const json = extractSecretValue('{"api_key":"sk_live_1","other":"x"}', 'api_key', id);
    const missingKey = () => extractSecretValue('{"key":"sk_live_2"}', 'api_key', id);
    const broken = () => extractSecretValue('{"api_key":', 'api_key', id);

    // Assert
    expect(plain).toBe('whsec_123');
    expect(json).toBe('sk_live_1');
    expect(missingKey).toThrow(`Secret ${id} has no string "api_key" field`);
    expect(missingKey).not.toThrow(/sk_live_2/);
    expect(broken).toThrow(/does not parse/);
  });
});

describe('parameter', () => {
  it('reads the SSM parameter named in the env when no direct value is set', async () => {
    // Arrange
    const { fetcher, calls } = countingFetcher(['https://fulfillment.example.com\n']);
    const config = loadConfig(
      { endpoint: parameter('FULFILLMENT_ENDPOINT', 'FULFILLMENT_ENDPOINT_PARAM', { fetcher }) },
      { FULFILLMENT_ENDPOINT_PARAM: '/tth/dev/fulfillment-endpoint' },
    );

    // Act
    const value = await config.endpoint.get();

    // Assert
    expect(value).toBe('https://fulfillment.example.com');
    expect(config.endpoint.origin).toEqual({ kind: 'ssm', id: '/tth/dev/fulfillment-endpoint' });
    expect(calls).toEqual(['/tth/dev/fulfillment-endpoint']);
  });
});
