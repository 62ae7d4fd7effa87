/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with nested keys
 * (`line_items[0][price_data][currency]=eur`, `expand[]=payment_intent`), as the `stripe` SDK
 * writes it. Values stay strings; each endpoint converts and validates them.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** The body could not be read as Stripe-style form parameters. */
export class FormEncodingError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
    this.name = 'FormEncodingError';
  }
}

const MAX_PARAMETERS = 2_000;
const MAX_DEPTH = 8;
const MAX_INDEX = 1_000;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const KEY_PATTERN = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** Internal tree: maps keep insertion order and cannot be polluted through their keys. */
type Node = { kind: 'leaf'; value: string } | { kind: 'branch'; children: Map<string, Node>; appended: number };

export function parseStripeForm(body: string): FormObject {
  const root: Node = { kind: 'branch', children: new Map(), appended: 0 };
  let count = 0;
  for (const [key, value] of new URLSearchParams(body)) {
    count += 1;
    if (count > MAX_PARAMETERS) throw new FormEncodingError(`Too many parameters (more than ${MAX_PARAMETERS})`, key);
    insert(root, key, splitKey(key), value);
  }
  return toObject(root);
}

function splitKey(key: string): string[] {
  const match = KEY_PATTERN.exec(key);
  if (!match) throw new FormEncodingError(`Invalid parameter name: ${key}`, key);
  const [, head = '', brackets = ''] = match;
  const segments = [head, ...Array.from(brackets.matchAll(/\[([^[\]]*)\]/g), (part) => part[1] ?? '')];
  if (segments.length > MAX_DEPTH) throw new FormEncodingError(`Parameter nested too deeply: ${key}`, key);
  for (const segment of segments) {
    if (FORBIDDEN_SEGMENTS.has(segment)) throw new FormEncodingError(`Invalid parameter name: ${key}`, key);
  }
  return segments;
}

function insert(root: Node & { kind: 'branch' }, key: string, segments: string[], value: string): void {
  let node = root;
  segments.forEach((rawSegment, index) => {
    const segment = rawSegment === '' ? String(node.appended++) : rawSegment;
    if (/^\d+$/.test(segment) && Number(segment) > MAX_INDEX)
      throw new FormEncodingError(`Array index too large in ${key}`, key);
    const isLast = index === segments.length - 1;
    const existing = node.children.get(segment);
    if (isLast) {
      if (existing) throw new FormEncodingError(`Received the parameter ${key} more than once`, key);
      node.children.set(segment, { kind: 'leaf', value });
      return;
    }
    if (existing?.kind === 'leaf')
      throw new FormEncodingError(`Invalid parameter: ${key} mixes a value and nested parameters`, key);
    const branch: Node & { kind: 'branch' } = existing ?? { kind: 'branch', children: new Map(), appended: 0 };
    if (!existing) node.children.set(segment, branch);
    node = branch;
  });
}

/** A branch whose keys are all indexes becomes an array (in index order), like Stripe's parser. */
function toValue(node: Node): FormValue {
  if (node.kind === 'leaf') return node.value;
  const keys = [...node.children.keys()];
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return [...node.children.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => toValue(child));
  }
  return toObject(node);
}

function toObject(node: Node & { kind: 'branch' }): FormObject {
  const result: FormObject = {};
  for (const [key, child] of node.children) result[key] = toValue(child);
  return result;
}
