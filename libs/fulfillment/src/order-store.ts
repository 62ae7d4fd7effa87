import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type OrderRecord, type TicketRecord } from '@tth/data';

/** Why the last provider attempt failed: safe to store and log (no provider bodies, no keys). */
export interface FulfillmentErrorRecord {
  readonly kind: string;
  readonly message: string;
  readonly httpStatus?: number;
  readonly at: string;
}

/**
 * The attributes fulfillment adds to an Orders item (next to the order engineer's OrderRecord).
 * None of them reaches the buyer except `tickets` (and `statusReason`), mapped by getOrder.
 */
export interface FulfillmentAttributes {
  /** Provider attempts since the order became PAID (or since its last redrive); counted before each call. */
  readonly fulfillmentAttempts?: number;
  readonly fulfillmentStartedAt?: string;
  readonly fulfillmentLastError?: FulfillmentErrorRecord;
  readonly fulfillmentIssuanceId?: string;
  readonly fulfilledAt?: string;
  readonly fulfillmentFailedAt?: string;
  /** How often an operator re-queued the order after FULFILLMENT_FAILED. */
  readonly fulfillmentRedrives?: number;
}

export type FulfillmentOrder = OrderRecord & FulfillmentAttributes;

export type ConditionalResult = { readonly ok: true; readonly order: FulfillmentOrder } | { readonly ok: false };

/** Shown to the buyer (GET /orders/{orderId}) while an operator looks into it; no internals. */
export const FULFILLMENT_FAILED_REASON =
  'Your payment went through, but your tickets could not be issued yet. Our team has been alerted and will issue them.';

/**
 * The fulfillment transitions on the Orders table (DESIGN.md §3): PAID → FULFILLING → FULFILLED,
 * FULFILLING → FULFILLMENT_FAILED, and the operator's FULFILLMENT_FAILED → FULFILLING. Each is one
 * UpdateItem conditioned on the status the caller expects, so an illegal or stale transition is
 * refused (`{ ok: false }`), never applied. `statusDueAt` (GSI byStatus sort key) is the time of
 * the last status change, which the stuck-order check reads.
 */
export class FulfillmentOrderStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly ordersTable: string,
  ) {}

  async get(orderId: string): Promise<FulfillmentOrder | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.ordersTable, Key: { orderId }, ConsistentRead: true }),
    );
    return result.Item as FulfillmentOrder | undefined;
  }

  /**
   * Counts one more provider attempt. From PAID it is the PAID → FULFILLING transition; from
   * FULFILLING (a retry, or a worker that crashed mid-attempt) the status stays and only the
   * counter moves, so the stuck-order clock keeps running from the first attempt.
   */
  beginAttempt(orderId: string, from: 'PAID' | 'FULFILLING', now: string): Promise<ConditionalResult> {
    const entering = from === 'PAID';
    return this.update({
      orderId,
      from,
      set: entering
        ? { status: 'FULFILLING', statusDueAt: now, updatedAt: now, fulfillmentStartedAt: now }
        : { updatedAt: now },
      add: { fulfillmentAttempts: 1 },
    });
  }

  /** Notes why an attempt failed, for operators (the order stays FULFILLING for the next attempt). */
  noteFailure(orderId: string, error: FulfillmentErrorRecord): Promise<ConditionalResult> {
    return this.update({ orderId, from: 'FULFILLING', set: { fulfillmentLastError: error, updatedAt: error.at } });
  }

  /**
   * FULFILLING → FULFILLED with the tickets, in one conditional write. The status reason stays:
   * a failure's reason was already dropped by the redrive, and what remains says how the order was
   * sold (a payment after the hold ended whose seats were taken again).
   */
  complete(
    orderId: string,
    tickets: readonly TicketRecord[],
    issuanceId: string,
    now: string,
  ): Promise<ConditionalResult> {
    return this.update({
      orderId,
      from: 'FULFILLING',
      set: {
        status: 'FULFILLED',
        statusDueAt: now,
        updatedAt: now,
        tickets,
        fulfillmentIssuanceId: issuanceId,
        fulfilledAt: now,
      },
      remove: ['fulfillmentLastError'],
    });
  }

  /** FULFILLING → FULFILLMENT_FAILED: the retry budget is spent or the provider refused the order. */
  fail(orderId: string, error: FulfillmentErrorRecord): Promise<ConditionalResult> {
    return this.update({
      orderId,
      from: 'FULFILLING',
      set: {
        status: 'FULFILLMENT_FAILED',
        statusDueAt: error.at,
        updatedAt: error.at,
        statusReason: FULFILLMENT_FAILED_REASON,
        fulfillmentLastError: error,
        fulfillmentFailedAt: error.at,
      },
    });
  }

  /**
   * The operator's redrive: FULFILLMENT_FAILED → FULFILLING with a fresh attempt budget. The
   * Orders stream carries the change to the worker, which resumes the order with the same
   * idempotency key (so a provider that did issue before the failure just replays the tickets).
   */
  requeue(orderId: string, now: string): Promise<ConditionalResult> {
    return this.update({
      orderId,
      from: 'FULFILLMENT_FAILED',
      set: { status: 'FULFILLING', statusDueAt: now, updatedAt: now, fulfillmentAttempts: 0 },
      add: { fulfillmentRedrives: 1 },
      remove: ['statusReason'],
    });
  }

  /** Orders in FULFILLMENT_FAILED, oldest failure first (GSI byStatus, eventually consistent). */
  async listFailed(
    options: { limit?: number; startKey?: Record<string, unknown> } = {},
  ): Promise<{ orderIds: string[]; nextKey?: Record<string, unknown> }> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.ordersTable,
        IndexName: 'byStatus',
        KeyConditionExpression: '#status = :failed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'FULFILLMENT_FAILED' },
        ProjectionExpression: 'orderId',
        Limit: options.limit ?? 100,
        ExclusiveStartKey: options.startKey,
      }),
    );
    const orderIds = (page.Items ?? []).map((item) => String(item['orderId']));
    return { orderIds, ...(page.LastEvaluatedKey ? { nextKey: page.LastEvaluatedKey } : {}) };
  }

  private async update(change: {
    orderId: string;
    from: string;
    set: Record<string, unknown>;
    add?: Record<string, number>;
    remove?: readonly string[];
  }): Promise<ConditionalResult> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':from': change.from };
    const clauses: string[] = [];
    const set = Object.entries(change.set).map(([attribute, value]) => {
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      return `#${attribute} = :${attribute}`;
    });
    if (set.length > 0) clauses.push(`SET ${set.join(', ')}`);
    const add = Object.entries(change.add ?? {}).map(([attribute, value]) => {
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      return `#${attribute} :${attribute}`;
    });
    if (add.length > 0) clauses.push(`ADD ${add.join(', ')}`);
    const remove = (change.remove ?? []).map((attribute) => {
      names[`#${attribute}`] = attribute;
      return `#${attribute}`;
    });
    if (remove.length > 0) clauses.push(`REMOVE ${remove.join(', ')}`);
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.ordersTable,
          Key: { orderId: change.orderId },
          UpdateExpression: clauses.join(' '),
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { ok: true, order: result.Attributes as FulfillmentOrder };
    } catch (error) {
      if (isConditionFailure(error)) return { ok: false };
      throw error;
    }
  }
}
