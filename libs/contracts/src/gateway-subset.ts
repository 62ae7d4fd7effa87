/**
 * API Gateway imports request models as JSON Schema draft 4 and rejects (or silently
 * mis-handles) several OpenAPI keywords. Request schemas must stay inside that subset.
 */
export const GATEWAY_FORBIDDEN_KEYWORDS = [
  'oneOf',
  'discriminator',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'readOnly',
  'writeOnly',
  'example',
  'examples',
  'nullable',
] as const;

const INTEGER_FORMATS = new Set(['int32', 'int64']);

export interface GatewaySubsetViolation {
  /** JSON pointer into the spec document. */
  readonly pointer: string;
  readonly problem: string;
}

interface SpecLike {
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components?: { readonly schemas?: Record<string, unknown>; readonly parameters?: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function resolve(doc: SpecLike, ref: string): { pointer: string; value: unknown } {
  const pointer = ref.replace(/^#/, '');
  const value = pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
  if (value === undefined) throw new Error(`Unresolvable reference ${ref}`);
  return { pointer, value };
}

/**
 * Walks every request body and parameter schema (following $refs) and reports keywords
 * outside the gateway subset, and object bodies that accept unknown properties.
 * `bodiesAllowingExtraProperties` names operations whose body the gateway does not validate.
 */
export function findGatewaySubsetViolations(
  doc: SpecLike,
  options: { bodiesAllowingExtraProperties?: readonly string[] } = {},
): GatewaySubsetViolation[] {
  const violations: GatewaySubsetViolation[] = [];
  const visited = new Set<string>();

  const walk = (node: unknown, pointer: string, requireClosedObjects: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, `${pointer}/${i}`, requireClosedObjects));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    if (typeof schema['$ref'] === 'string') {
      const target = resolve(doc, schema['$ref']);
      const key = `${target.pointer}|${requireClosedObjects}`;
      if (visited.has(key)) return;
      visited.add(key);
      walk(target.value, target.pointer, requireClosedObjects);
      return;
    }
    for (const keyword of GATEWAY_FORBIDDEN_KEYWORDS) {
      if (keyword in schema)
        violations.push({
          pointer: `${pointer}/${keyword}`,
          problem: `keyword "${keyword}" is not supported by API Gateway`,
        });
    }
    if (typeof schema['format'] === 'string' && INTEGER_FORMATS.has(schema['format'])) {
      violations.push({
        pointer: `${pointer}/format`,
        problem: `integer format "${schema['format']}" is not supported by API Gateway`,
      });
    }
    if (
      requireClosedObjects &&
      schema['type'] === 'object' &&
      schema['properties'] &&
      schema['additionalProperties'] !== false
    ) {
      violations.push({ pointer, problem: 'request body objects must set additionalProperties: false' });
    }
    for (const [key, child] of Object.entries(schema)) {
      if (key === 'properties' && child && typeof child === 'object') {
        for (const [name, property] of Object.entries(child))
          walk(property, `${pointer}/properties/${name}`, requireClosedObjects);
      } else if (['items', 'allOf', 'anyOf', 'not', 'additionalProperties'].includes(key)) {
        walk(child, `${pointer}/${key}`, requireClosedObjects);
      }
    }
  };

  for (const [path, item] of Object.entries(doc.paths)) {
    const escapedPath = path.replace(/~/g, '~0').replace(/\//g, '~1');
    const pathParams = (item['parameters'] as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const base = `/paths/${escapedPath}/${method}`;
      const params = [...pathParams, ...((operation['parameters'] as unknown[] | undefined) ?? [])];
      params.forEach((param, i) => {
        const resolved = (param as { $ref?: string }).$ref
          ? resolve(doc, (param as { $ref: string }).$ref)
          : { pointer: `${base}/parameters/${i}`, value: param };
        walk((resolved.value as { schema?: unknown }).schema, `${resolved.pointer}/schema`, false);
      });
      const body = operation['requestBody'] as { content?: Record<string, { schema?: unknown }> } | undefined;
      for (const [mediaType, media] of Object.entries(body?.content ?? {})) {
        const closed = !(options.bodiesAllowingExtraProperties ?? []).includes(String(operation['operationId']));
        walk(media.schema, `${base}/requestBody/content/${mediaType.replace(/\//g, '~1')}/schema`, closed);
      }
    }
  }
  return violations;
}
