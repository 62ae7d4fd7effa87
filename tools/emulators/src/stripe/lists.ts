import { invalidRequest, noSuchResource } from './errors';
import type { FormObject, FormValue } from './form-encoding';
import type { ListObject } from './objects';
import { child, integerParam, objectParam, rejectUnknown, stringParam } from './params';

/** An object a Stripe list returns: newest first by `created`. */
export interface Listable {
  readonly id: string;
  readonly created: number;
}

/**
 * `created` as Stripe's list endpoints take it: an exact timestamp, or a range
 * (`created[gte]`, `created[gt]`, `created[lte]`, `created[lt]`). Returns the test for an object.
 */
export function createdParam(value: FormValue | undefined, param = 'created'): (created: number) => boolean {
  if (value === undefined || value === '') return () => true;
  if (typeof value === 'string') {
    const exact = integerParam(value, param);
    return (created) => created === exact;
  }
  const range = objectParam(value, param) ?? {};
  rejectUnknown(range, ['gt', 'gte', 'lt', 'lte'], param);
  const bound = (key: string) => integerParam(range[key], child(param, key));
  const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')];
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}

export interface ListRequest<T extends Listable> {
  /** Every object of the resource, in creation order (oldest first). */
  readonly all: readonly T[];
  /** The resource name in errors (`payment_intent`, `refund`, `event`). */
  readonly resource: string;
  /** `/v1/payment_intents` */
  readonly url: string;
  /** Filters of the endpoint besides `created` (already read from the params). */
  readonly matches?: (item: T) => boolean;
}

/**
 * One page of a Stripe list, with Stripe's semantics: newest first; `limit` 1–100 (default 10);
 * `starting_after` / `ending_before` name an object of the resource (404 if there is none) and
 * the page continues after / before it, whatever the filters; `has_more` says whether the list
 * goes on in that direction. The caller has already refused unknown parameters.
 */
export function listPage<T extends Listable>(params: FormObject, request: ListRequest<T>): ListObject<T> {
  const limit = integerParam(params['limit'], 'limit', { min: 1, max: 100 }) ?? 10;
  const startingAfter = stringParam(params['starting_after'], 'starting_after', { maxLength: 200 });
  const endingBefore = stringParam(params['ending_before'], 'ending_before', { maxLength: 200 });
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: starting_after, ending_before.',
      'starting_after',
    );
  }
  const inCreatedRange = createdParam(params['created']);
  const matches = (item: T) => inCreatedRange(item.created) && (request.matches?.(item) ?? true);
  // Newest first; objects created in the same second keep their creation order, reversed.
  const newestFirst = [...request.all].reverse().sort((a, b) => b.created - a.created);
  const positionOf = (id: string, param: string): number => {
    const index = newestFirst.findIndex((item) => item.id === id);
    if (index === -1) throw noSuchResource(request.resource, id, param);
    return index;
  };

  let page: T[];
  let hasMore: boolean;
  if (endingBefore !== undefined) {
    const newer = newestFirst.slice(0, positionOf(endingBefore, 'ending_before')).filter(matches);
    page = newer.slice(Math.max(0, newer.length - limit));
    hasMore = newer.length > limit;
  } else {
    const start = startingAfter !== undefined ? positionOf(startingAfter, 'starting_after') + 1 : 0;
    const older = newestFirst.slice(start).filter(matches);
    page = older.slice(0, limit);
    hasMore = older.length > limit;
  }
  return { object: 'list', data: page.map((item) => structuredClone(item)), has_more: hasMore, url: request.url };
}
