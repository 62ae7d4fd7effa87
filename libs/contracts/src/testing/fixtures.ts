/**
 * A typed demo catalog and order factories for tests and the storefront's mock mode.
 * Every value is typed with the spec's own schemas, so a fixture that drifts from
 * openapi.yaml fails to compile (and the handlers validate what they send at run time).
 */
import { OrderStatusSchema } from '../generated/schemas';
import type { OrderStatus, Schemas } from '../types';
import { demoEvents, type EventInput } from '../demo/catalog';
import { priceLines, type PriceableTicketType } from '../rules/pricing';

type EventDetail = Schemas['EventDetail'];
type EventSummary = Schemas['EventSummary'];
type TicketType = Schemas['TicketType'];
type Order = Schemas['Order'];
type OrderLine = Schemas['OrderLine'];
type OrderTotals = Schemas['OrderTotals'];
type Ticket = Schemas['Ticket'];
type OrderItemRequest = Schemas['OrderItemRequest'];

const MINUTE = 60 * 1000;

/** How long a checkout holds seats (Stripe's minimum Checkout Session life). */
export const HOLD_MINUTES = 30;

/** Every order status, in the spec's order. */
export const ORDER_STATUSES: readonly OrderStatus[] = OrderStatusSchema.enum;

/** Ids of the demo catalog (@tth/contracts/demo), so tests name what they mean rather than repeat strings. */
export const demoIds = {
  /** On sale, three ticket types, one of them sold out. */
  festival: 'aurora-nights-festival',
  /** On sale, a scarce front-row tier (3 left, max 2 per order). */
  jazz: 'harbour-jazz-sessions',
  /** Every ticket type sold out. */
  soldOutTour: 'echoes-of-tomorrow-tour',
  /** Sale not open yet. */
  upcomingPremiere: 'midnight-orchestra-premiere',
  /** On sale, priced in GBP. */
  comedy: 'laugh-factory-live',
  ticketTypes: {
    general: 'general-admission',
    vip: 'vip-lounge',
    earlyBird: 'early-bird',
    frontRow: 'front-row',
    stalls: 'stalls',
    arenaStanding: 'standing',
    arenaSeated: 'seated',
    premiere: 'category-1',
    comedy: 'seat',
  },
} as const;

/** The cheapest ticket type still on sale (or the cheapest of all when none is). */
export function priceFrom(ticketTypes: readonly TicketType[]): Schemas['Money'] {
  const onSale = ticketTypes.filter((t) => t.saleStatus === 'ON_SALE');
  const candidates = onSale.length > 0 ? onSale : ticketTypes;
  const cheapest = candidates.reduce((min, t) => (t.price.amount < min.price.amount ? t : min));
  return { ...cheapest.price };
}

/**
 * Derives the sale status of an event and its ticket types from availability and `onSaleAt`,
 * the way the API reports it: UPCOMING before the sale opens, SOLD_OUT when nothing is left.
 */
export function withSaleStatus(event: EventDetail, now: Date): EventDetail {
  const upcoming = new Date(event.onSaleAt).getTime() > now.getTime();
  const ticketTypes = event.ticketTypes.map((t): TicketType => ({
    ...t,
    saleStatus: upcoming ? 'UPCOMING' : t.available > 0 ? 'ON_SALE' : 'SOLD_OUT',
  }));
  const saleStatus = upcoming
    ? 'UPCOMING'
    : ticketTypes.some((t) => t.saleStatus === 'ON_SALE')
      ? 'ON_SALE'
      : 'SOLD_OUT';
  return { ...event, ticketTypes, saleStatus, priceFrom: priceFrom(ticketTypes) };
}

/**
 * The demo catalog (@tth/contracts/demo) as the API serves it: availability, sale statuses and
 * prices from the same events the local stack seeds. Soonest first, as `listEvents` returns them.
 */
export function demoCatalog(now: Date = new Date()): EventDetail[] {
  return demoEvents(now)
    .map((event) => withSaleStatus(toEventDetailOf(event), now))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

function toEventDetailOf(event: EventInput): EventDetail {
  const currency = event.currency ?? 'EUR';
  const ticketTypes = event.ticketTypes.map((type): TicketType => ({
    id: type.ticketTypeId,
    name: type.name,
    ...(type.description ? { description: type.description } : {}),
    price: { amount: type.price, currency },
    available: type.available ?? type.capacity,
    capacity: type.capacity,
    maxPerOrder: type.maxPerOrder ?? 10,
    saleStatus: 'ON_SALE',
  }));
  return {
    id: event.eventId,
    name: event.name,
    venue: event.venue,
    city: event.city,
    timeZone: event.timeZone,
    startsAt: new Date(event.startsAt).toISOString(),
    onSaleAt: new Date(event.onSaleAt).toISOString(),
    description: event.description,
    ...(event.imageAlt ? { imageAlt: event.imageAlt } : {}),
    ticketTypes,
    saleStatus: 'ON_SALE',
    priceFrom: priceFrom(ticketTypes),
  };
}

/** The list view of an event (what `listEvents` returns for it). */
export function toEventSummary(event: EventDetail): EventSummary {
  return {
    id: event.id,
    name: event.name,
    venue: event.venue,
    city: event.city,
    timeZone: event.timeZone,
    startsAt: event.startsAt,
    onSaleAt: event.onSaleAt,
    saleStatus: event.saleStatus,
    priceFrom: event.priceFrom,
    ...(event.imageAlt !== undefined ? { imageAlt: event.imageAlt } : {}),
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomChars(alphabet: string, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  // Both alphabets have a power-of-two size, so the modulo keeps the distribution uniform.
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** A fresh order id in the spec's format (`ord_` + a ULID with the current time). */
export function makeOrderId(now: Date = new Date()): string {
  let time = now.getTime();
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = CROCKFORD[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  return `ord_${timePart}${randomChars(CROCKFORD, 16)}`;
}

/** A fresh order access token in the spec's format (256 random bits, base64url). */
export function makeOrderToken(): string {
  return randomChars(BASE64URL, 43);
}

/** An event's ticket types as the pricing rules see them. */
export function priceableTicketTypes(event: EventDetail): PriceableTicketType[] {
  return event.ticketTypes.map((type) => ({
    ticketTypeId: type.id,
    name: type.name,
    price: type.price.amount,
    maxPerOrder: type.maxPerOrder,
    available: type.available,
  }));
}

/** Lines and totals for the requested items, priced by the server's own rules (@tth/contracts/rules). */
export function priceItems(
  event: EventDetail,
  items: readonly OrderItemRequest[],
): { lines: OrderLine[]; totals: OrderTotals } {
  return priceLines(priceableTicketTypes(event), items, event.ticketTypes[0]?.price.currency ?? 'EUR');
}

/** One ticket per seat, with a door code that is stable for a given order. */
export function makeTickets(orderId: string, lines: readonly OrderLine[]): Ticket[] {
  const suffix = orderId.slice(-8);
  return lines.flatMap((line, lineIndex) =>
    Array.from({ length: line.quantity }, (_, seat): Ticket => ({
      code: `TTH-${suffix}-${lineIndex + 1}${String(seat + 1).padStart(2, '0')}`,
      ticketTypeId: line.ticketTypeId,
      ticketTypeName: line.name,
    })),
  );
}

/** Why an order ended up in a failure state, as the API words it. */
export const STATUS_REASONS: Partial<Record<OrderStatus, string>> = {
  EXPIRED: 'The seat hold expired before payment was completed.',
  CANCELLED: 'Checkout was cancelled; the seats were released.',
  PAYMENT_FAILED: 'The card was declined.',
  FULFILLMENT_FAILED: 'The ticketing partner could not issue the tickets. Our team has been alerted.',
  REFUNDED: 'The payment was refunded in full.',
};

export interface OrderFixtureOptions {
  readonly event?: EventDetail;
  readonly items?: readonly OrderItemRequest[];
  readonly orderId?: string;
  readonly now?: Date;
  readonly checkoutUrl?: string;
}

/**
 * An order in the given status, coherent with it: a checkout URL only while awaiting payment,
 * tickets only once fulfilled, a reason for every failure state.
 */
export function makeOrder(status: OrderStatus, options: OrderFixtureOptions = {}): Order {
  const now = options.now ?? new Date();
  const event = options.event ?? demoCatalog(now).find((e) => e.id === demoIds.festival)!;
  const items = options.items ?? [
    {
      ticketTypeId: event.ticketTypes.find((t) => t.saleStatus === 'ON_SALE')?.id ?? event.ticketTypes[0]!.id,
      quantity: 2,
    },
  ];
  const orderId = options.orderId ?? makeOrderId(now);
  const { lines, totals } = priceItems(event, items);
  const createdAt = new Date(now.getTime() - 2 * MINUTE).toISOString();
  const reason = STATUS_REASONS[status];
  return {
    orderId,
    eventId: event.id,
    eventName: event.name,
    status,
    ...(reason ? { statusReason: reason } : {}),
    lines,
    totals,
    holdExpiresAt: new Date(new Date(createdAt).getTime() + HOLD_MINUTES * MINUTE).toISOString(),
    createdAt,
    updatedAt: now.toISOString(),
    ...(status === 'PENDING_PAYMENT' ? { checkoutUrl: options.checkoutUrl ?? demoCheckoutUrl(orderId) } : {}),
    tickets: status === 'FULFILLED' ? makeTickets(orderId, lines) : [],
  };
}

/** Where the mock sends the buyer to pay (a Stripe-like hosted page that does not exist). */
export function demoCheckoutUrl(orderId: string): string {
  return `https://checkout.stripe.test/c/pay/cs_test_${orderId.slice(4)}`;
}
