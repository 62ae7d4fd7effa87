import type { ErrorDetail } from '../types';

/** The subset of an ajv error this module reads (kept structural: the generated validators carry no types). */
export interface AjvLikeError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

export type ValidationIssue = Required<Pick<ErrorDetail, 'field' | 'message'>>;

export type Validated<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

const FORMAT_NAMES: Record<string, string> = {
  email: 'a valid email address',
  'date-time': 'a date-time (RFC 3339)',
  uri: 'an absolute URL',
};

function describe(error: AjvLikeError): string {
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed property';
    case 'type':
      return `must be ${String(p['type']) === 'integer' ? 'an integer' : `of type ${String(p['type'])}`}`;
    case 'format':
      return `must be ${FORMAT_NAMES[String(p['format'])] ?? `in ${String(p['format'])} format`}`;
    case 'minLength':
      return `must be at least ${String(p['limit'])} characters long`;
    case 'maxLength':
      return `must be at most ${String(p['limit'])} characters long`;
    case 'minimum':
      return `must be at least ${String(p['limit'])}`;
    case 'maximum':
      return `must be at most ${String(p['limit'])}`;
    case 'minItems':
      return `must have at least ${String(p['limit'])} item(s)`;
    case 'maxItems':
      return `must have at most ${String(p['limit'])} items`;
    case 'pattern':
      return 'has an invalid format';
    case 'enum':
      return `must be one of: ${(p['allowedValues'] as unknown[]).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** ajv errors → `ErrorDetail`s whose `field` is a JSON pointer into the request, e.g. `/body/customer/email`. */
export function toIssues(errors: readonly AjvLikeError[] | null | undefined, prefix: string): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors ?? []) {
    const child =
      error.keyword === 'required'
        ? `/${String(error.params['missingProperty'])}`
        : error.keyword === 'additionalProperties'
          ? `/${String(error.params['additionalProperty'])}`
          : '';
    const field = `${prefix}${error.instancePath}${child}` || '/';
    const message = describe(error);
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ field, message });
  }
  return issues;
}
