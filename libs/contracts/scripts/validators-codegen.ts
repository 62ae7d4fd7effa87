/**
 * Compiles every request body, parameter set and response of openapi.yaml into
 * standalone ajv validators (plain functions), so runtime code never ships the
 * ajv compiler: Lambda bundles stay small and cold starts skip compilation.
 */
import Ajv, { type AnySchema } from 'ajv';
import { fastFormats, fullFormats } from 'ajv-formats/dist/formats.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type { HttpMethod, OperationInfo, ParameterInfo, ParameterLocation } from '../src/operation-info';

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    parameters?: Record<string, RawParameter>;
    responses?: Record<string, RawResponse>;
    securitySchemes?: Record<string, { type: string; in?: string; name?: string }>;
  };
}
interface RawParameter {
  $ref?: string;
  name: string;
  in: ParameterLocation | 'cookie';
  required?: boolean;
  schema: Record<string, unknown>;
}
interface RawResponse {
  $ref?: string;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}
interface RawOperation {
  operationId: string;
  parameters?: RawParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, RawResponse>;
  security?: Record<string, string[]>[];
}

const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const SCHEMA_BASE = 'https://contracts.tickets-to-heaven.invalid/schemas/';

/** `#/components/schemas/X` → an absolute id ajv can resolve across separately added schemas. */
function rewriteRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rewriteRefs) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] =
        key === '$ref' && typeof child === 'string'
          ? child.replace('#/components/schemas/', SCHEMA_BASE)
          : rewriteRefs(child);
    }
    return out as T;
  }
  return value;
}

function resolveParameter(doc: OpenApiDocument, param: RawParameter): RawParameter {
  if (!param.$ref) return param;
  const name = param.$ref.replace('#/components/parameters/', '');
  const resolved = doc.components.parameters?.[name];
  if (!resolved) throw new Error(`Unresolvable parameter reference ${param.$ref}`);
  return resolved;
}

function resolveResponse(doc: OpenApiDocument, response: RawResponse): RawResponse {
  if (!response.$ref) return response;
  const name = response.$ref.replace('#/components/responses/', '');
  const resolved = doc.components.responses?.[name];
  if (!resolved) throw new Error(`Unresolvable response reference ${response.$ref}`);
  return resolved;
}

function operationsOf(doc: OpenApiDocument) {
  const result: { path: string; method: HttpMethod; op: RawOperation; params: RawParameter[] }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = ((item['parameters'] as RawParameter[] | undefined) ?? []).map((p) => resolveParameter(doc, p));
    for (const method of METHODS) {
      const op = item[method] as RawOperation | undefined;
      if (!op) continue;
      const own = (op.parameters ?? []).map((p) => resolveParameter(doc, p));
      // Operation-level parameters override path-level ones with the same name and location.
      const merged = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      result.push({ path, method, op, params: merged });
    }
  }
  return result;
}

export function buildOperationIndex(doc: OpenApiDocument): OperationInfo[] {
  return operationsOf(doc).map(({ path, method, op, params }) => ({
    operationId: op.operationId,
    method,
    path,
    parameters: params
      .filter((p): p is RawParameter & { in: ParameterLocation } => p.in !== 'cookie')
      .map((p): ParameterInfo => ({ name: p.name, in: p.in, required: p.required === true || p.in === 'path' })),
    requestBody: op.requestBody ? (op.requestBody.required ? 'required' : 'optional') : 'none',
    responses: Object.keys(op.responses),
    security: (op.security ?? []).flatMap((requirement) =>
      Object.keys(requirement).map((scheme) => {
        const def = doc.components.securitySchemes?.[scheme];
        if (!def || def.type !== 'apiKey' || def.in !== 'header' || !def.name) {
          throw new Error(`Security scheme ${scheme} must be an apiKey in a header`);
        }
        return { scheme, header: def.name };
      }),
    ),
  }));
}

/** Header parameters are matched case-insensitively, so the validator sees lower-cased names. */
export function parameterKey(param: Pick<ParameterInfo, 'name' | 'in'>): string {
  return param.in === 'header' ? param.name.toLowerCase() : param.name;
}

function parametersSchema(params: RawParameter[]): AnySchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const location of ['path', 'query', 'header'] as const) {
    const own = params.filter((p): p is RawParameter & { in: ParameterLocation } => p.in === location);
    properties[location] = {
      type: 'object',
      properties: Object.fromEntries(own.map((p) => [parameterKey(p), rewriteRefs(p.schema)])),
      required: own.filter((p) => p.required || p.in === 'path').map((p) => parameterKey(p)),
    };
    required.push(location);
  }
  return { type: 'object', properties, required };
}

function jsonSchemaOf(content: Record<string, { schema?: Record<string, unknown> }> | undefined) {
  return content?.['application/json']?.schema;
}

// ajv flags `unicode: false` as deprecated; it is a deliberate choice here (see above), everything else is reported.
const quietAboutUnicodeOption = {
  log: console.log,
  warn: (...args: unknown[]) => {
    if (!String(args[0]).includes('option unicode')) console.warn(...args);
  },
  error: console.error,
};

function compilerWithComponents(doc: OpenApiDocument, options: { coerceParameters: boolean }): Ajv {
  const ajv = new Ajv({
    code: { source: true, esm: true },
    allErrors: true,
    strict: true,
    strictTypes: false,
    // Shared component schemas compile to one function each instead of being copied into every user.
    inlineRefs: false,
    // Parameters arrive as strings (path, query, headers): coerce them, apply defaults, then check.
    coerceTypes: options.coerceParameters,
    useDefaults: options.coerceParameters,
    // String lengths in UTF-16 units: keeps the generated code free of runtime imports.
    unicode: false,
    logger: quietAboutUnicodeOption,
  });
  // Plain regular expressions are inlined into the standalone code (functions would need imports).
  ajv.addFormat('email', fullFormats.email as RegExp);
  ajv.addFormat('date-time', (fastFormats['date-time'] as { validate: RegExp }).validate);
  ajv.addFormat('uri', fastFormats.uri as RegExp);
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    ajv.addSchema({ ...rewriteRefs(schema), $id: SCHEMA_BASE + name } as AnySchema);
  }
  return ajv;
}

export interface RenderedValidators {
  /** `<operationId>__body`: request bodies, validated as received. */
  readonly bodies: string;
  /** `<operationId>__params`: path, query and header parameters. */
  readonly parameters: string;
  /** `<operationId>__response_<status>`: used by the local server, tests and mocks, never shipped in Lambdas. */
  readonly responses: string;
}

export function renderValidators(doc: OpenApiDocument): RenderedValidators {
  const bodies = compilerWithComponents(doc, { coerceParameters: false });
  const parameters = compilerWithComponents(doc, { coerceParameters: true });
  const responses = compilerWithComponents(doc, { coerceParameters: false });
  const bodyExports: Record<string, string> = {};
  const parameterExports: Record<string, string> = {};
  const responseExports: Record<string, string> = {};

  for (const { op, params } of operationsOf(doc)) {
    const id = op.operationId;
    parameters.addSchema(parametersSchema(params), `${SCHEMA_BASE}op/${id}/params`);
    parameterExports[`${id}__params`] = `${SCHEMA_BASE}op/${id}/params`;

    const bodySchema = jsonSchemaOf(op.requestBody?.content);
    if (bodySchema) {
      bodies.addSchema(rewriteRefs(bodySchema) as AnySchema, `${SCHEMA_BASE}op/${id}/body`);
      bodyExports[`${id}__body`] = `${SCHEMA_BASE}op/${id}/body`;
    }
    for (const [status, raw] of Object.entries(op.responses)) {
      const schema = jsonSchemaOf(resolveResponse(doc, raw).content);
      if (!schema) continue;
      const schemaId = `${SCHEMA_BASE}op/${id}/response/${status}`;
      responses.addSchema(rewriteRefs(schema) as AnySchema, schemaId);
      responseExports[`${id}__response_${status}`] = schemaId;
    }
  }

  return {
    bodies: toEsm(standaloneCode(bodies, bodyExports)),
    parameters: toEsm(standaloneCode(parameters, parameterExports)),
    responses: toEsm(standaloneCode(responses, responseExports)),
  };
}

/** The standalone output must be self-contained ESM: fail generation if ajv ever needs a runtime import. */
function toEsm(code: string): string {
  if (code.includes('require(')) {
    throw new Error(
      'Generated validators need an ajv runtime import; only inline-able keywords and formats are supported.',
    );
  }
  return `${code.replace(/"use strict";/g, '')}\n`;
}
