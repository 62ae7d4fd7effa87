import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderStatus, Schemas } from '@tth/contracts';
import { customerUpsertItem, type CustomerUpsert } from './customers';
import { conditionalWrite, transactWrite, type TransactRetryOptions } from './orders-transactions';
import { paymentPutItem, withoutUndefined, type PaymentRecord } from './payments';

export type OrderLineRecord = Schemas['OrderLine'];
export type OrderTotalsRecord = Schemas['OrderTotals'];
export type TicketRecord = Schemas['Ticket'];

/** An item of the Orders table. Its stream (NEW_AND_OLD_IMAGES) drives fulfillment on → PAID. */
export interface OrderRecord {
  readonly orderId: string;
  readonly status: OrderStatus;
  /** The hold expiry while PENDING_PAYMENT, else the time of the last transition (GSI byStatus sort key). */
  readonly statusDueAt: string;
  readonly statusReason?: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly customerId: string;
  readonly lines: readonly OrderLineRecord[];
  readonly totals: OrderTotalsRecord;
  readonly holdExpiresAt: string;
  /** True while the order's seats are taken from the catalog (held, or sold). */
  readonly seatsHeld: boolean;
  /** SHA-256 of the order access token (base64url); the token itself is never stored. */
  readonly tokenHash: string;
  readonly checkoutSessionId?: string;
  readonly checkoutUrl?: string;
  readonly paymentIntentId?: string;
  /**
   * Set once a payment that arrived after the hold ended is to be refunded: from then on the
   * order's seats can never be re-taken (a redelivered payment must not sell refunded seats).
   */
  readonly refundDecidedAt?: string;
  /** Filled by fulfillment. */
  readonly tickets?: readonly TicketRecord[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a transition does to the catalog's availability counters (see @tth/orders state machine). */
export type SeatChange = 'keep' | 'release' | 'retake';

export interface OrdersTables {
  readonly orders: string;
  readonly catalog: string;
  readonly customers: string;
  readonly payments: string;
}

export type CreateOrderResult =
  | { readonly kind: 'created' }
  | { readonly kind: 'sold-out'; readonly ticketTypeIds: readonly string[] }
  /** An order with this id already exists (a resumed attempt): nothing was written. */
  | { readonly kind: 'order-exists' };

export interface TransitionRequest {
  /** The order as the caller read it (its lines and event say which counters move). */
  readonly order: Pick<OrderRecord, 'orderId' | 'eventId' | 'lines'>;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly seats: SeatChange;
  readonly now: string;
  /** Defaults to `now`. */
  readonly statusDueAt?: string;
  /** Replaces the status reason; absent removes it. */
  readonly reason?: string;
  readonly paymentIntentId?: string;
  /** Payment/refund records written in the same transaction (never overwriting). */
  readonly payments?: readonly PaymentRecord[];
}

export type TransitionResult =
  | { readonly ok: true }
  /** The order was no longer in `from`: someone else moved it first. Nothing was written. */
  | { readonly ok: false; readonly reason: 'status-changed' }
  /** A retake found too few seats for these ticket types. Nothing was written. */
  | { readonly ok: false; readonly reason: 'seats-unavailable'; readonly ticketTypeIds: readonly string[] }
  /** One of the payment records already exists. Nothing was written. */
  | { readonly ok: false; readonly reason: 'payment-exists' };

export interface Page<T> {
  readonly items: T[];
  readonly nextKey?: Record<string, unknown>;
}

const ticketTypeKey = (eventId: string, ticketTypeId: string) => ({ pk: `EVENT#${eventId}`, sk: `TT#${ticketTypeId}` });

export class OrdersRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: OrdersTables,
    private readonly retry: TransactRetryOptions = {},
  ) {}

  async get(orderId: string): Promise<OrderRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tables.orders, Key: { orderId }, ConsistentRead: true }),
    );
    return result.Item as OrderRecord | undefined;
  }

  /**
   * Holds the seats and writes the order and its customer in ONE transaction: each ticket type's
   * `available` is decremented on the condition that enough are left, and the order is put on
   * the condition that its id is new. Either everything is written or nothing is.
   */
  async createWithHold(order: OrderRecord, customer: CustomerUpsert): Promise<CreateOrderResult> {
    const holds = order.lines.map((line) => ({
      Update: {
        TableName: this.tables.catalog,
        Key: ticketTypeKey(order.eventId, line.ticketTypeId),
        UpdateExpression: 'SET available = available - :qty',
        ConditionExpression: 'available >= :qty',
        ExpressionAttributeValues: { ':qty': line.quantity },
      },
    }));
    const outcome = await transactWrite(
      this.client,
      {
        TransactItems: [
          {
            Put: {
              TableName: this.tables.orders,
              Item: withoutUndefined(order),
              ConditionExpression: 'attribute_not_exists(orderId)',
            },
          },
          customerUpsertItem(this.tables.customers, customer),
          ...holds,
        ],
      },
      this.retry,
    );
    if (outcome.ok) return { kind: 'created' };
    if (outcome.codes[0] === 'ConditionalCheckFailed') return { kind: 'order-exists' };
    const short = order.lines
      .filter((_line, index) => outcome.codes[index + 2] === 'ConditionalCheckFailed')
      .map((line) => line.ticketTypeId);
    if (short.length === 0) throw new Error(`Order transaction cancelled unexpectedly: ${outcome.codes.join(',')}`);
    return { kind: 'sold-out', ticketTypeIds: short };
  }

  /** Records the Checkout Session of a PENDING_PAYMENT order; false when the order has moved on. */
  async attachCheckoutSession(orderId: string, session: { id: string; url: string }, now: string): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tables.orders,
          Key: { orderId },
          UpdateExpression: 'SET checkoutSessionId = :id, checkoutUrl = :url, updatedAt = :now',
          ConditionExpression:
            '#status = :pending AND (attribute_not_exists(checkoutSessionId) OR checkoutSessionId = :id)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':id': session.id,
            ':url': session.url,
            ':now': now,
            ':pending': 'PENDING_PAYMENT',
          },
        }),
      ),
    );
  }

  /**
   * Records that the late payment of an order in `from` will be refunded (before the provider is
   * asked to), so no later re-take can succeed. False when the order is no longer in `from`.
   */
  async markRefundDecided(orderId: string, from: OrderStatus, now: string): Promise<boolean> {
    return conditionalWrite(
      this.client.send(
        new UpdateCommand({
          TableName: this.tables.orders,
          Key: { orderId },
          UpdateExpression: 'SET refundDecidedAt = if_not_exists(refundDecidedAt, :now), updatedAt = :now',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':from': from, ':now': now },
        }),
      ),
    );
  }

  /**
   * Moves an order from `from` to `to` in one transaction conditioned on `#status = :from`, with
   * its seat change (release: counters go back up; retake: counters go down, conditioned on
   * availability) and any payment records. Because the status condition admits exactly one
   * writer, seats are released or re-taken at most once whoever races (webhook, cancel, sweep).
   */
  async transition(request: TransitionRequest): Promise<TransitionResult> {
    const { order, from, to, seats, now } = request;
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':from': from,
      ':to': to,
      ':now': now,
      ':due': request.statusDueAt ?? now,
    };
    const set = ['#status = :to', 'statusDueAt = :due', 'updatedAt = :now'];
    const remove: string[] = [];
    if (request.reason !== undefined) {
      set.push('statusReason = :reason');
      values[':reason'] = request.reason;
    } else {
      remove.push('statusReason');
    }
    if (request.paymentIntentId !== undefined) {
      set.push('paymentIntentId = :pi');
      values[':pi'] = request.paymentIntentId;
    }
    if (seats !== 'keep') {
      set.push('seatsHeld = :held');
      values[':held'] = seats === 'retake';
    }

    const seatItems =
      seats === 'keep'
        ? []
        : order.lines.map((line) => ({
            Update: {
              TableName: this.tables.catalog,
              Key: ticketTypeKey(order.eventId, line.ticketTypeId),
              UpdateExpression:
                seats === 'release' ? 'SET available = available + :qty' : 'SET available = available - :qty',
              ConditionExpression: seats === 'release' ? 'attribute_exists(available)' : 'available >= :qty',
              ExpressionAttributeValues: { ':qty': line.quantity },
            },
          }));
    const paymentItems = (request.payments ?? []).map((payment) => paymentPutItem(this.tables.payments, payment));

    const outcome = await transactWrite(
      this.client,
      {
        TransactItems: [
          {
            Update: {
              TableName: this.tables.orders,
              Key: { orderId: order.orderId },
              UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
              // A late payment whose refund was decided never takes seats again.
              ConditionExpression:
                seats === 'retake' ? '#status = :from AND attribute_not_exists(refundDecidedAt)' : '#status = :from',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          ...seatItems,
          ...paymentItems,
        ],
      },
      this.retry,
    );
    if (outcome.ok) return { ok: true };
    if (outcome.codes[0] === 'ConditionalCheckFailed') return { ok: false, reason: 'status-changed' };
    const seatCodes = outcome.codes.slice(1, 1 + seatItems.length);
    const short = order.lines
      .filter((_line, index) => seatCodes[index] === 'ConditionalCheckFailed')
      .map((line) => line.ticketTypeId);
    if (short.length > 0) {
      if (seats === 'release')
        throw new Error(`Releasing seats of ${order.orderId} failed: ticket type missing from the catalog`);
      return { ok: false, reason: 'seats-unavailable', ticketTypeIds: short };
    }
    if (outcome.codes.slice(1 + seatItems.length).includes('ConditionalCheckFailed'))
      return { ok: false, reason: 'payment-exists' };
    throw new Error(`Order transition cancelled unexpectedly: ${outcome.codes.join(',')}`);
  }

  /** Orders in a status whose `statusDueAt` is at or before `dueBy`, oldest first (GSI byStatus, eventually consistent). */
  async listDue(
    status: OrderStatus,
    dueBy: string,
    options: { limit?: number; startKey?: Record<string, unknown> } = {},
  ): Promise<Page<OrderRecord>> {
    const page = await this.client.send(
      new QueryCommand({
        ...this.dueQuery(status, dueBy),
        Limit: options.limit ?? 100,
        ExclusiveStartKey: options.startKey,
      }),
    );
    return {
      items: (page.Items ?? []) as OrderRecord[],
      ...(page.LastEvaluatedKey ? { nextKey: page.LastEvaluatedKey } : {}),
    };
  }

  /** How many orders are in a status with `statusDueAt` at or before `dueBy`. */
  async countDue(status: OrderStatus, dueBy: string): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          ...this.dueQuery(status, dueBy),
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  /** The byStatus query for orders in a status with `statusDueAt` at or before `dueBy`. */
  private dueQuery(status: OrderStatus, dueBy: string) {
    return {
      TableName: this.tables.orders,
      IndexName: 'byStatus',
      KeyConditionExpression: '#status = :status AND statusDueAt <= :dueBy',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':dueBy': dueBy },
    };
  }

  /** Orders of one customer, newest first (GSI byCustomer). */
  async listByCustomer(customerId: string, limit = 20): Promise<OrderRecord[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tables.orders,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerId = :customerId',
        ExpressionAttributeValues: { ':customerId': customerId },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []) as OrderRecord[];
  }
}
