/**
 * Configuration from environment variables, read and validated once (at module scope in a
 * Lambda) so a missing or malformed setting fails the cold start with a message naming it.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads one value from the environment; throws a message (naming the setting) when it is invalid. */
export interface Setting<T> {
  readonly read: (env: Env) => T;
}

type SettingValue<S> = S extends Setting<infer T> ? T : never;
export type ConfigOf<Spec extends Record<string, Setting<unknown>>> = {
  readonly [K in keyof Spec]: SettingValue<Spec[K]>;
};

/** Thrown by a Setting's `read` for an invalid or missing value; the message names the env variable. */
export class SettingProblem extends Error {}

function rawValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function present(env: Env, name: string, fallback: string | undefined): string {
  const value = rawValue(env, name) ?? fallback;
  if (value === undefined) throw new SettingProblem(`${name} is required but not set`);
  return value;
}

/** Builders for the usual kinds of setting. `default` makes a setting optional. */
export const env = {
  string(name: string, options: { default?: string } = {}): Setting<string> {
    return { read: (source) => present(source, name, options.default) };
  },

  optionalString(name: string): Setting<string | undefined> {
    return { read: (source) => rawValue(source, name) };
  },

  integer(name: string, options: { default?: number; min?: number; max?: number } = {}): Setting<number> {
    return {
      read: (source) => {
        const raw = present(source, name, options.default?.toString());
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value))
          throw new SettingProblem(`${name} must be an integer (got "${raw}")`);
        if (options.min !== undefined && value < options.min)
          throw new SettingProblem(`${name} must be at least ${options.min}`);
        if (options.max !== undefined && value > options.max)
          throw new SettingProblem(`${name} must be at most ${options.max}`);
        return value;
      },
    };
  },

  boolean(name: string, options: { default?: boolean } = {}): Setting<boolean> {
    return {
      read: (source) => {
        const raw = present(source, name, options.default?.toString()).toLowerCase();
        if (['true', '1', 'yes', 'on'].includes(raw)) return true;
        if (['false', '0', 'no', 'off'].includes(raw)) return false;
        throw new SettingProblem(`${name} must be true or false (got "${raw}")`);
      },
    };
  },

  url(name: string, options: { default?: string } = {}): Setting<string> {
    return { read: (source) => checkUrl(name, present(source, name, options.default)) };
  },

  optionalUrl(name: string): Setting<string | undefined> {
    return {
      read: (source) => {
        const raw = rawValue(source, name);
        return raw === undefined ? undefined : checkUrl(name, raw);
      },
    };
  },

  oneOf<const T extends string>(name: string, values: readonly T[], options: { default?: T } = {}): Setting<T> {
    return {
      read: (source) => {
        const raw = present(source, name, options.default);
        if (!(values as readonly string[]).includes(raw))
          throw new SettingProblem(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
        return raw as T;
      },
    };
  },
};

function checkUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingProblem(`${name} must be an absolute URL (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SettingProblem(`${name} must be an http(s) URL`);
  return raw.replace(/\/+$/, '');
}

/**
 * Reads every setting of `spec` from `source` (default `process.env`). All problems are
 * reported together in one ConfigError, each naming its environment variable.
 */
export function loadConfig<Spec extends Record<string, Setting<unknown>>>(
  spec: Spec,
  source: Env = process.env,
): ConfigOf<Spec> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(spec)) {
    try {
      values[key] = setting.read(source);
    } catch (error) {
      if (!(error instanceof SettingProblem)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as ConfigOf<Spec>;
}
