import type { DynamoDBRecord } from 'aws-lambda';
import type { OrderStatus } from '@tth/contracts';
import type { FilterPattern } from '@tth/fulfillment';

/** The `source` of every order event on the bus (and of the rules that select them). */
export const ORDER_EVENT_SOURCE = 'tickets-to-heaven.orders';

/**
 * The order transitions a buyer or an operator cares about, each named after the status the order
 * entered. The `detail-type` of the event on the bus is the kind itself.
 */
export const ORDER_EVENT_KINDS = {
  OrderPaid: 'PAID',
  TicketsIssued: 'FULFILLED',
  FulfillmentFailed: 'FULFILLMENT_FAILED',
  OrderExpired: 'EXPIRED',
  OrderCancelled: 'CANCELLED',
  OrderRefunded: 'REFUNDED',
} as const satisfies Readonly<Record<string, OrderStatus>>;

export type OrderEventKind = keyof typeof ORDER_EVENT_KINDS;
export const orderEventKinds = Object.keys(ORDER_EVENT_KINDS) as OrderEventKind[];

/**
 * What an order event says. No personal data: a consumer that needs the buyer's address reads the
 * order (the bus, its archive and its dead letters never hold an e-mail address).
 */
export interface OrderEventDetail {
  readonly kind: OrderEventKind;
  readonly orderId: string;
  readonly eventId: string;
  /** The status the order left (absent when the order was written in its new status). */
  readonly previousStatus?: OrderStatus;
  readonly status: OrderStatus;
  /** When the transition was written (the order's `updatedAt`). */
  readonly occurredAt: string;
  /** The stream record it was derived from: the same for every redelivery of that record. */
  readonly streamEventId: string;
}

/** The shape EventBridge hands a rule's target (the subset consumers read). */
export interface OrderBusEvent {
  readonly id?: string;
  readonly source: string;
  readonly 'detail-type': string;
  readonly detail: OrderEventDetail;
}

const kindByStatus = new Map<string, OrderEventKind>(
  (Object.entries(ORDER_EVENT_KINDS) as [OrderEventKind, OrderStatus][]).map(([kind, status]) => [status, kind]),
);

/**
 * The Orders stream records that may carry an order event, as Lambda event filter patterns: the
 * new image is in one of the statuses above. Whether the status actually changed (old ≠ new)
 * cannot be said in a pattern; `orderEventOf` checks it. The worker's attempts (FULFILLING →
 * FULFILLING) and PENDING_PAYMENT writes never reach the publisher.
 */
export const ORDER_EVENT_STREAM_FILTERS: readonly FilterPattern[] = [
  {
    eventName: ['INSERT', 'MODIFY'],
    dynamodb: { NewImage: { status: { S: Object.values(ORDER_EVENT_KINDS) } } },
  },
];

/**
 * The order event an Orders stream record stands for, if any: the order entered one of the
 * statuses above (INSERT in it, or MODIFY from another status). Any other write (a retry
 * counter, tickets rewritten in the same status, a removal) is no event.
 */
export function orderEventOf(record: DynamoDBRecord): OrderEventDetail | undefined {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return undefined;
  const image = record.dynamodb?.NewImage;
  const status = image?.['status']?.S as OrderStatus | undefined;
  const previousStatus = record.dynamodb?.OldImage?.['status']?.S as OrderStatus | undefined;
  const orderId = record.dynamodb?.Keys?.['orderId']?.S ?? image?.['orderId']?.S;
  if (status === undefined || orderId === undefined || orderId === '') return undefined;
  if (record.eventName === 'MODIFY' && (previousStatus === undefined || previousStatus === status)) return undefined;
  const kind = kindByStatus.get(status);
  if (kind === undefined) return undefined;
  const approximateSeconds = record.dynamodb?.ApproximateCreationDateTime;
  return {
    kind,
    orderId,
    eventId: image?.['eventId']?.S ?? '',
    ...(previousStatus !== undefined ? { previousStatus } : {}),
    status,
    occurredAt:
      image?.['updatedAt']?.S ??
      new Date(approximateSeconds !== undefined ? approximateSeconds * 1000 : Date.now()).toISOString(),
    streamEventId: record.eventID ?? `${orderId}:${record.dynamodb?.SequenceNumber ?? status}`,
  };
}

/** The key a consumer records an event under: one per order, kind and consumer. */
export function deliveryKey(consumer: string, detail: Pick<OrderEventDetail, 'orderId' | 'kind'>): string {
  return `order-event#${consumer}#${detail.orderId}#${detail.kind}`;
}
