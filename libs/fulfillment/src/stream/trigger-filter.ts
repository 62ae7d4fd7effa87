import type { DynamoDBRecord } from 'aws-lambda';

/**
 * Which Orders stream records start fulfillment, as Lambda event filter patterns (the JSON that
 * `FilterCriteria.Filters[].Pattern` holds). A record matching ANY pattern is delivered:
 *  1. an order written directly as PAID (INSERT),
 *  2. an order that became PAID (MODIFY, old status not PAID),
 *  3. an order an operator re-queued (MODIFY, FULFILLMENT_FAILED → FULFILLING).
 * The worker's own PAID → FULFILLING → FULFILLED writes match none, so it never triggers itself.
 * The local stream poller applies these very patterns; tools/infra must use the same three.
 */
export const FULFILLMENT_TRIGGER_FILTERS: readonly FilterPattern[] = [
  { eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['PAID'] } } } },
  {
    eventName: ['MODIFY'],
    dynamodb: { NewImage: { status: { S: ['PAID'] } }, OldImage: { status: { S: [{ 'anything-but': ['PAID'] }] } } },
  },
  {
    eventName: ['MODIFY'],
    dynamodb: { NewImage: { status: { S: ['FULFILLING'] } }, OldImage: { status: { S: ['FULFILLMENT_FAILED'] } } },
  },
];

/** The subset of Lambda's filter syntax used here: exact values and `anything-but`. */
export type FilterRule = string | number | boolean | { readonly 'anything-but': readonly (string | number)[] };
export interface FilterPattern {
  readonly [key: string]: readonly FilterRule[] | FilterPattern;
}

/**
 * Evaluates a filter pattern the way Lambda event filtering does for this subset: every key of
 * the pattern must be present and match one of its rules (`anything-but` also requires the
 * field to exist). Unknown rule shapes never match, so a pattern this evaluator does not
 * understand fails closed instead of delivering everything.
 */
export function matchesPattern(value: unknown, pattern: FilterPattern): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const object = value as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rules]) => {
    if (!(key in object)) return false;
    const field = object[key];
    if (Array.isArray(rules)) return (rules as readonly FilterRule[]).some((rule) => matchesRule(field, rule));
    return matchesPattern(field, rules as FilterPattern);
  });
}

function matchesRule(field: unknown, rule: FilterRule): boolean {
  if (typeof rule === 'object') {
    const excluded = rule['anything-but'];
    return (
      Array.isArray(excluded) && (typeof field === 'string' || typeof field === 'number') && !excluded.includes(field)
    );
  }
  return field === rule;
}

export function matchesAnyPattern(value: unknown, patterns: readonly FilterPattern[]): boolean {
  return patterns.some((pattern) => matchesPattern(value, pattern));
}

/** The fulfillment trigger, for the worker's own defensive check (same rules as the patterns). */
export function isFulfillmentTrigger(record: DynamoDBRecord): boolean {
  const newStatus = record.dynamodb?.NewImage?.['status']?.S;
  const oldStatus = record.dynamodb?.OldImage?.['status']?.S;
  if (record.eventName === 'INSERT') return newStatus === 'PAID';
  if (record.eventName !== 'MODIFY' || oldStatus === undefined) return false;
  return (
    (newStatus === 'PAID' && oldStatus !== 'PAID') || (newStatus === 'FULFILLING' && oldStatus === 'FULFILLMENT_FAILED')
  );
}

/** The order id of an Orders stream record (its key). */
export function orderIdOf(record: DynamoDBRecord): string | undefined {
  const id = record.dynamodb?.Keys?.['orderId']?.S;
  return id === undefined || id === '' ? undefined : id;
}
