/**
 * Reading the settings of ./settings.ts: once, at a handler's module scope (a cold start), all
 * problems reported together, each naming its variable. Also the environment helpers the local
 * tooling uses, so it never spells a variable name itself.
 */
import { createDynamoClients, type DynamoClients } from '@tth/data';
import { env, loadConfig, parameter, secret, type Env, type RemoteValue, type Setting } from '@tth/runtime';
import { settingsOf, type FunctionName, type Functions, type commonSettings } from './functions';
import { settings, type SettingDefinition, type SettingKey, type Settings } from './settings';

type ValueOf<D> = D extends { kind: 'integer' }
  ? number
  : D extends { kind: 'boolean' }
    ? boolean
    : D extends { kind: 'secret' | 'parameter' }
      ? RemoteValue
      : D extends { optional: true }
        ? string | undefined
        : string;

export type SettingValue<K extends SettingKey> = ValueOf<Settings[K]>;
export type ConfigFor<K extends SettingKey> = { readonly [P in K]: SettingValue<P> };
/** The configuration a function's handler gets: every setting the list says it reads. */
export type FunctionConfig<N extends FunctionName> = ConfigFor<
  (typeof commonSettings)[number] | Functions[N]['settings'][number]
>;

function readerOf(definition: SettingDefinition): Setting<unknown> {
  switch (definition.kind) {
    case 'string':
      return definition.optional
        ? env.optionalString(definition.env)
        : env.string(definition.env, { ...(definition.default !== undefined ? { default: definition.default } : {}) });
    case 'url':
      return definition.optional
        ? env.optionalUrl(definition.env)
        : env.url(definition.env, { ...(definition.default !== undefined ? { default: definition.default } : {}) });
    case 'integer':
      return env.integer(definition.env, {
        ...(definition.default !== undefined ? { default: definition.default } : {}),
        min: definition.min,
        max: definition.max,
      });
    case 'boolean':
      return env.boolean(definition.env, {
        ...(definition.default !== undefined ? { default: definition.default } : {}),
      });
    case 'table':
      return env.string(definition.env);
    case 'secret':
      return secret(definition.env, definition.aws.env, {
        ...(definition.default !== undefined ? { default: definition.default } : {}),
      });
    case 'parameter':
      return parameter(definition.env, definition.aws.env, {
        ...(definition.default !== undefined ? { default: definition.default } : {}),
      });
  }
}

/** Reads and validates these settings; one ConfigError names every problem. */
export function loadSettings<K extends SettingKey>(keys: readonly K[], source: Env = process.env): ConfigFor<K> {
  const spec = Object.fromEntries(keys.map((key) => [key, readerOf(settings[key])]));
  return loadConfig(spec, source) as ConfigFor<K>;
}

/**
 * A function's configuration, read and validated once (call it at the handler's module scope,
 * so a bad deployment fails the cold start, naming every missing or malformed variable).
 */
export function loadFunctionConfig<N extends FunctionName>(name: N, source: Env = process.env): FunctionConfig<N> {
  return loadSettings(settingsOf(name), source) as FunctionConfig<N>;
}

/** One setting, validated (tooling: e.g. the local stack checks HOLD_MINUTES before starting). */
export function readSetting<K extends SettingKey>(key: K, source: Env = process.env): SettingValue<K> {
  return loadSettings([key], source)[key];
}

/** The DynamoDB clients of a function: DynamoDB Local when `dynamoEndpoint` is set, else the region's. */
export function dynamoClientsOf(config: ConfigFor<'awsRegion' | 'dynamoEndpoint'>): DynamoClients {
  return createDynamoClients({
    region: config.awsRegion,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
  });
}

/** Environment variables for these setting values (local tooling and tests). */
export function settingsEnv(values: { readonly [K in SettingKey]?: string | number | boolean }): Record<
  string,
  string
> {
  return Object.fromEntries(
    (Object.entries(values) as [SettingKey, string | number | boolean | undefined][])
      .filter((entry): entry is [SettingKey, string | number | boolean] => entry[1] !== undefined)
      .map(([key, value]) => [settings[key].env, String(value)]),
  );
}

/** The value of every setting that has a local value or a default, as environment variables. */
export function localSettingsEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.values(settings as Readonly<Record<SettingKey, SettingDefinition>>).flatMap((definition) => {
      const local = definition.local ?? ('default' in definition ? definition.default : undefined);
      return local === undefined ? [] : [[definition.env, String(local)]];
    }),
  );
}

/** The settings' variables that are set in `source` (what a developer overrides locally). */
export function settingsSetIn(source: Env): Record<string, string> {
  return Object.fromEntries(
    Object.values(settings as Readonly<Record<SettingKey, SettingDefinition>>).flatMap((definition) => {
      const value = source[definition.env];
      return value === undefined || value.trim() === '' ? [] : [[definition.env, value]];
    }),
  );
}
