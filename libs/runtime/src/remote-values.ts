import { SettingProblem, type Setting } from './config';

/**
 * Secrets and parameters: locally straight from an env variable, in AWS fetched from
 * Secrets Manager / SSM Parameter Store by the name or ARN in a second variable, then
 * cached in memory for a while (a warm Lambda does not call AWS on every request).
 */
export interface RemoteValue {
  /** Resolves the current value (from cache when fresh). */
  get(): Promise<string>;
  /** Where it comes from: an env variable, or a remote store (the value is never exposed here). */
  readonly origin:
    | { readonly kind: 'env'; readonly name: string }
    | { readonly kind: 'secrets-manager' | 'ssm'; readonly id: string }
    | { readonly kind: 'default' };
}

/** Fetches a raw value by id; injectable so tests and the local stack never call AWS. */
export type RemoteFetcher = (id: string) => Promise<string>;

export interface RemoteValueOptions {
  /** The value when neither variable is set; without one, the setting is required. */
  readonly default?: string;
  /** Cache lifetime; default 5 minutes. */
  readonly ttlMs?: number;
  readonly fetcher?: RemoteFetcher;
  readonly now?: () => number;
}

export interface SecretOptions extends RemoteValueOptions {
  /** JSON key holding the value when the secret is a JSON object; default `api_key`. */
  readonly jsonKey?: string;
}

const DEFAULT_TTL_MS = 5 * 60 * 1000;

function cached(load: () => Promise<string>, ttlMs: number, now: () => number): () => Promise<string> {
  let value: string | undefined;
  let fetchedAt = 0;
  let inFlight: Promise<string> | undefined;
  return () => {
    if (value !== undefined && now() - fetchedAt < ttlMs) return Promise.resolve(value);
    inFlight ??= load()
      .then((fresh) => {
        value = fresh;
        fetchedAt = now();
        return fresh;
      })
      .catch((error: unknown) => {
        // A stale value beats an outage of the store; without one the caller sees the error.
        if (value !== undefined) return value;
        throw error;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

/** Picks the value out of a secret string: a plain string, or `jsonKey` of a JSON object. */
export function extractSecretValue(secretString: string, jsonKey: string, id: string): string {
  const trimmed = secretString.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new Error(`Secret ${id} looks like JSON but does not parse`);
    }
    const value = (parsed as Record<string, unknown>)[jsonKey];
    if (typeof value !== 'string' || value === '') throw new Error(`Secret ${id} has no string "${jsonKey}" field`);
    return value;
  }
  if (trimmed === '') throw new Error(`Secret ${id} is empty`);
  return trimmed;
}

let secretsManagerFetcher: RemoteFetcher | undefined;
let ssmFetcher: RemoteFetcher | undefined;

/** The default Secrets Manager fetcher: one client per process, created on first use. */
function defaultSecretsManagerFetcher(): RemoteFetcher {
  secretsManagerFetcher ??= (() => {
    let client: Promise<{ send: (command: unknown) => Promise<{ SecretString?: string }> }> | undefined;
    return async (id: string) => {
      const sdk = await import('@aws-sdk/client-secrets-manager');
      client ??= Promise.resolve(new sdk.SecretsManagerClient({}) as never);
      const result = await (await client).send(new sdk.GetSecretValueCommand({ SecretId: id }));
      if (result.SecretString === undefined) throw new Error(`Secret ${id} has no SecretString`);
      return result.SecretString;
    };
  })();
  return secretsManagerFetcher;
}

function defaultSsmFetcher(): RemoteFetcher {
  ssmFetcher ??= (() => {
    let client: Promise<{ send: (command: unknown) => Promise<{ Parameter?: { Value?: string } }> }> | undefined;
    return async (id: string) => {
      const sdk = await import('@aws-sdk/client-ssm');
      client ??= Promise.resolve(new sdk.SSMClient({}) as never);
      const result = await (await client).send(new sdk.GetParameterCommand({ Name: id, WithDecryption: true }));
      const value = result.Parameter?.Value;
      if (value === undefined || value === '') throw new Error(`Parameter ${id} has no value`);
      return value;
    };
  })();
  return ssmFetcher;
}

function remoteSetting(
  valueEnvName: string,
  idEnvName: string,
  kind: 'secrets-manager' | 'ssm',
  makeLoader: (id: string) => () => Promise<string>,
  ttlMs: number,
  now: () => number,
  fallback: string | undefined,
): Setting<RemoteValue> {
  return {
    read: (source) => {
      const direct = source[valueEnvName]?.trim();
      if (direct) return { get: () => Promise.resolve(direct), origin: { kind: 'env', name: valueEnvName } };
      const id = source[idEnvName]?.trim();
      if (id) return { get: cached(makeLoader(id), ttlMs, now), origin: { kind, id } };
      if (fallback !== undefined) return { get: () => Promise.resolve(fallback), origin: { kind: 'default' } };
      throw new SettingProblem(`${valueEnvName} (or ${idEnvName}) is required but not set`);
    },
  };
}

/**
 * A secret: env `valueEnvName` locally, otherwise the Secrets Manager secret whose ARN is in
 * `arnEnvName` (JSON `{"api_key": "…"}` or a plain string). Use inside `loadConfig`.
 *
 *   const config = loadConfig({ stripeKey: secret('STRIPE_SECRET_KEY', 'STRIPE_API_KEY_SECRET_ARN') });
 *   const key = await config.stripeKey.get();
 */
export function secret(valueEnvName: string, arnEnvName: string, options: SecretOptions = {}): Setting<RemoteValue> {
  const jsonKey = options.jsonKey ?? 'api_key';
  const fetcher = () => options.fetcher ?? defaultSecretsManagerFetcher();
  return remoteSetting(
    valueEnvName,
    arnEnvName,
    'secrets-manager',
    (id) => async () => extractSecretValue(await fetcher()(id), jsonKey, id),
    options.ttlMs ?? DEFAULT_TTL_MS,
    options.now ?? Date.now,
    options.default,
  );
}

/** An SSM parameter: env `valueEnvName` locally, otherwise the parameter named in `nameEnvName`. */
export function parameter(
  valueEnvName: string,
  nameEnvName: string,
  options: RemoteValueOptions = {},
): Setting<RemoteValue> {
  const fetcher = () => options.fetcher ?? defaultSsmFetcher();
  return remoteSetting(
    valueEnvName,
    nameEnvName,
    'ssm',
    (id) => async () => (await fetcher()(id)).trim(),
    options.ttlMs ?? DEFAULT_TTL_MS,
    options.now ?? Date.now,
    options.default,
  );
}
