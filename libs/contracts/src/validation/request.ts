import * as bodyValidators from '../generated/body-validators';
import * as parameterValidators from '../generated/parameter-validators';
import { operationIndex } from '../generated/operations';
import type { OperationInfo } from '../operation-info';
import type { OperationId, ParametersOf, RequestBodyOf } from '../types';
import { toIssues, type AjvLikeError, type Validated } from './issues';

type GeneratedValidator = ((data: unknown) => boolean) & { errors?: AjvLikeError[] | null };

function validatorNamed(module: Record<string, unknown>, name: string): GeneratedValidator | undefined {
  return module[name] as GeneratedValidator | undefined;
}

const operationsById = new Map(operationIndex.map((op) => [op.operationId, op]));

export function getOperation(operationId: OperationId): OperationInfo {
  const operation = operationsById.get(operationId);
  if (!operation) throw new Error(`Unknown operation ${operationId}`);
  return operation;
}

export interface RawParameters {
  readonly path?: Readonly<Record<string, string | undefined>>;
  readonly query?: Readonly<Record<string, string | undefined>> | null;
  /** Header names in any case. */
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
}

function definedEntries(record: Readonly<Record<string, string | undefined>> | null | undefined): [string, string][] {
  return Object.entries(record ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/**
 * Validates and coerces path, query and header parameters of an operation.
 * Only declared parameters are kept; header names come back spelled as in the spec.
 */
export function validateParameters<Op extends OperationId>(
  operationId: Op,
  raw: RawParameters,
): Validated<ParametersOf<Op>> {
  const operation = getOperation(operationId);
  const declared = (location: string) => operation.parameters.filter((p) => p.in === location);
  const pick = (location: 'path' | 'query', values: [string, string][]) =>
    Object.fromEntries(values.filter(([name]) => declared(location).some((p) => p.name === name)));
  const lowerHeaders = Object.fromEntries(
    definedEntries(raw.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const candidate = {
    path: pick('path', definedEntries(raw.path)),
    query: pick('query', definedEntries(raw.query)),
    header: Object.fromEntries(
      declared('header')
        .map((p) => [p.name.toLowerCase(), lowerHeaders[p.name.toLowerCase()]] as const)
        .filter(([, value]) => value !== undefined),
    ),
  };

  const validate = validatorNamed(parameterValidators, `${operationId}__params`);
  if (!validate) throw new Error(`No parameter validator for ${operationId}`);
  if (!validate(candidate)) return { ok: false, issues: toIssues(validate.errors, '') };

  const header = Object.fromEntries(
    declared('header')
      .filter((p) => (candidate.header as Record<string, unknown>)[p.name.toLowerCase()] !== undefined)
      .map((p) => [p.name, (candidate.header as Record<string, unknown>)[p.name.toLowerCase()]]),
  );
  return { ok: true, value: { path: candidate.path, query: candidate.query, header } as unknown as ParametersOf<Op> };
}

/** Validates an already-parsed JSON request body against the operation's schema. */
export function validateRequestBody<Op extends OperationId>(
  operationId: Op,
  body: unknown,
): Validated<RequestBodyOf<Op>> {
  const validate = validatorNamed(bodyValidators, `${operationId}__body`);
  if (!validate) throw new Error(`Operation ${operationId} has no JSON request body`);
  if (body === undefined) return { ok: false, issues: [{ field: '/body', message: 'is required' }] };
  if (!validate(body)) return { ok: false, issues: toIssues(validate.errors, '/body') };
  return { ok: true, value: body as RequestBodyOf<Op> };
}

/** Parses a JSON request body; malformed JSON is a validation issue, never an exception. */
export function parseJsonBody(text: string | null | undefined): Validated<unknown> {
  if (text === null || text === undefined || text.trim() === '') {
    return { ok: false, issues: [{ field: '/body', message: 'is required' }] };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, issues: [{ field: '/body', message: 'is not valid JSON' }] };
  }
}

export type OperationMatch =
  | { readonly kind: 'match'; readonly operation: OperationInfo; readonly pathParams: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

interface CompiledPath {
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const compiledPaths: CompiledPath[] = [...new Set(operationIndex.map((op) => op.path))].map((template) => {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { template, pattern: new RegExp(`^${source}/?$`), names };
});

/** Routes a request the way API Gateway does from the spec: by path template, then by method. */
export function matchOperation(method: string, pathname: string): OperationMatch {
  for (const compiled of compiledPaths) {
    const found = compiled.pattern.exec(pathname);
    if (!found) continue;
    const pathParams: Record<string, string> = {};
    try {
      compiled.names.forEach((name, i) => (pathParams[name] = decodeURIComponent(found[i + 1] as string)));
    } catch {
      return { kind: 'not-found' };
    }
    const candidates = operationIndex.filter((op) => op.path === compiled.template);
    const operation = candidates.find((op) => op.method === method.toLowerCase());
    if (operation) return { kind: 'match', operation, pathParams };
    return { kind: 'method-not-allowed', allowed: candidates.map((op) => op.method.toUpperCase()) };
  }
  return { kind: 'not-found' };
}

export { operationIndex };
