import { invalidRequest, missingParam, unknownParam } from './errors';
import type { FormObject, FormValue } from './form-encoding';

/**
 * Readers for form parameters. Each takes the parameter's full name (as Stripe reports it in
 * `error.param`, e.g. `line_items[0][quantity]`) and throws a Stripe-shaped 400 when the value
 * is not acceptable.
 */

export function child(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}[${key}]`;
}

/** Refuses any parameter that is not in `known`. */
export function rejectUnknown(params: FormObject, known: readonly string[], parent = ''): void {
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) throw unknownParam(child(parent, key));
  }
}

export function objectParam(value: FormValue | undefined, param: string): FormObject | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' || Array.isArray(value))
    throw invalidRequest(`Invalid object: ${param} must be a hash of parameters`, param);
  return value;
}

export function arrayParam(value: FormValue | undefined, param: string): FormValue[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${param} must be an array`, param);
  return value;
}

export function stringParam(
  value: FormValue | undefined,
  param: string,
  options: { maxLength?: number } = {},
): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${param} must be a string`, param);
  const maxLength = options.maxLength ?? 5_000;
  if (value.length > maxLength)
    throw invalidRequest(
      `Invalid string: ${param} must be at most ${maxLength} characters long`,
      param,
      'string_too_long',
    );
  return value;
}

export function requiredString(
  value: FormValue | undefined,
  param: string,
  options: { maxLength?: number } = {},
): string {
  const result = stringParam(value, param, options);
  if (result === undefined) throw missingParam(param);
  if (result.trim() === '')
    throw invalidRequest(`Invalid string: ${param} must not be blank`, param, 'parameter_invalid_string_blank');
  return result;
}

export function integerParam(
  value: FormValue | undefined,
  param: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const raw = stringParam(value, param, { maxLength: 20 });
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
    throw invalidRequest(`Invalid integer: ${raw}`, param, 'parameter_invalid_integer');
  const result = Number(raw);
  if (range.min !== undefined && result < range.min) {
    throw invalidRequest(
      `Invalid ${param}: must be greater than or equal to ${range.min}`,
      param,
      'parameter_invalid_integer',
    );
  }
  if (range.max !== undefined && result > range.max) {
    throw invalidRequest(
      `Invalid ${param}: must be less than or equal to ${range.max}`,
      param,
      'parameter_invalid_integer',
    );
  }
  return result;
}

export function booleanParam(value: FormValue | undefined, param: string): boolean | undefined {
  const raw = stringParam(value, param, { maxLength: 5 });
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw invalidRequest(`Invalid boolean: ${raw}`, param);
}

export function enumParam<const T extends string>(
  value: FormValue | undefined,
  param: string,
  allowed: readonly T[],
): T | undefined {
  const raw = stringParam(value, param, { maxLength: 100 });
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw))
    throw invalidRequest(`Invalid ${param}: must be one of ${allowed.join(', ')}`, param);
  return raw as T;
}

export function urlParam(value: FormValue | undefined, param: string): string | undefined {
  const raw = stringParam(value, param);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw invalidRequest('Not a valid URL', param, 'url_invalid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalidRequest('Not a valid URL', param, 'url_invalid');
  // Keep the caller's text: `{CHECKOUT_SESSION_ID}` must survive for the redirect.
  return raw;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailParam(value: FormValue | undefined, param: string): string | undefined {
  const raw = stringParam(value, param, { maxLength: 512 });
  if (raw === undefined) return undefined;
  if (!EMAIL_PATTERN.test(raw)) throw invalidRequest(`Invalid email address: ${raw}`, param, 'email_invalid');
  return raw;
}

const SUPPORTED_CURRENCIES: ReadonlySet<string> = new Set(
  Intl.supportedValuesOf('currency').map((code) => code.toLowerCase()),
);

export function currencyParam(value: FormValue | undefined, param: string): string | undefined {
  const raw = stringParam(value, param, { maxLength: 3 });
  if (raw === undefined) return undefined;
  const currency = raw.toLowerCase();
  if (!SUPPORTED_CURRENCIES.has(currency)) throw invalidRequest(`Invalid currency: ${raw}`, param);
  return currency;
}

export type Metadata = Record<string, string>;

/** Stripe's metadata rules: up to 50 keys, keys up to 40 characters, values up to 500; '' unsets a key. */
export function metadataParam(value: FormValue | undefined, param: string): Metadata | undefined {
  const entries = objectParam(value, param);
  if (entries === undefined) return undefined;
  const result: Metadata = {};
  for (const [key, entry] of Object.entries(entries)) {
    const name = child(param, key);
    if (key.length > 40) throw invalidRequest(`Metadata keys must be at most 40 characters long (${name})`, name);
    if (typeof entry !== 'string')
      throw invalidRequest(`Invalid value for ${name}: metadata values must be strings`, name);
    if (entry.length > 500) throw invalidRequest(`Metadata values must be at most 500 characters long (${name})`, name);
    if (entry !== '') result[key] = entry;
  }
  if (Object.keys(result).length > 50) throw invalidRequest('Metadata can have at most 50 keys', param);
  return result;
}

/** `expand[]` as a list of dotted paths, each one of `allowed`. */
export function expandParam(value: FormValue | undefined, allowed: readonly string[]): string[] {
  const list = arrayParam(value, 'expand') ?? [];
  return list.map((entry, index) => {
    const param = child('expand', index);
    const path = stringParam(entry, param, { maxLength: 200 });
    if (path === undefined) throw invalidRequest('Invalid expand: empty path', param);
    if (!allowed.includes(path)) throw invalidRequest(`This property cannot be expanded (${path}).`, param);
    return path;
  });
}
