/**
 * MSW 2 handlers for every operation of openapi.yaml, over a small in-memory API: creating an
 * order holds seats, reading and cancelling it need its token, idempotency keys replay, holds
 * expire. Every response goes through `assertValidResponse`, so a mock can never return what the
 * API cannot; requests are validated with the same validators the Lambda uses, so invalid input
 * gets the API's own 400.
 */
import {
  delay,
  http,
  HttpResponse,
  type HttpHandler,
  type HttpResponseResolver,
  type JsonBodyType,
  type PathParams,
} from 'msw';
import type { operations } from '../generated/openapi';
import type { ErrorBody, ErrorCode, ErrorDetail, OperationId, OrderStatus, ResponseBodyOf, Schemas } from '../types';
import { getOperation, parseJsonBody, validateParameters, validateRequestBody } from '../validation/request';
import { assertValidResponse } from '../validation/response';
import {
  demoCatalog,
  demoCheckoutUrl,
  HOLD_MINUTES,
  makeOrderId,
  makeOrderToken,
  makeTickets,
  priceItems,
  STATUS_REASONS,
  toEventSummary,
  withSaleStatus,
} from './fixtures';

type EventDetail = Schemas['EventDetail'];
type Order = Schemas['Order'];
type CreateOrderResponse = Schemas['CreateOrderResponse'];

/** The API the storefront talks to by default (`VITE_API_URL`). */
export const DEFAULT_API_URL = 'http://localhost:3000';

type StatusOf<Op extends OperationId> = keyof operations[Op]['responses'] & number;
type ErrorStatusOf<Op extends OperationId> = {
  [S in StatusOf<Op>]: ResponseBodyOf<Op, S> extends ErrorBody ? S : never;
}[StatusOf<Op>];

/** One request the mock API received, for assertions ("sent once, with this key"). */
export interface RecordedRequest {
  readonly operationId: OperationId;
  readonly method: string;
  readonly url: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, when there was one. */
  readonly body?: unknown;
}

interface StoredOrder {
  order: Order;
  readonly token: string;
  /** True while the order's seats count against availability and may still be released. */
  holding: boolean;
}

interface IdempotencyRecord {
  readonly fingerprint: string;
  readonly response: CreateOrderResponse;
}

/** What survives a page load in the browser mock (requests are not kept). */
export interface MockSnapshot {
  readonly events: EventDetail[];
  readonly orders: { order: Order; token: string; holding: boolean }[];
  readonly idempotency: [string, IdempotencyRecord][];
  readonly webhookEventIds: string[];
}

export interface MockApiOptions {
  /** Where the handlers answer; default {@link DEFAULT_API_URL}. */
  readonly baseUrl?: string;
  /** The catalog to start from (and to return to on reset); default {@link demoCatalog}. */
  readonly catalog?: () => EventDetail[];
  /** The clock (hold expiry, sale start, timestamps). */
  readonly now?: () => Date;
  /** Where `createOrder` sends the buyer to pay; default a Stripe-like URL that does not exist. */
  readonly checkoutUrl?: (order: { readonly orderId: string; readonly orderToken: string }) => string;
  /**
   * Pretend the fulfillment pipeline runs: each read of a PAID order moves it to FULFILLING,
   * each read of a FULFILLING one to FULFILLED (mock mode; tests use `scenarios.orderProgress`).
   */
  readonly autoFulfil?: boolean;
  /** Called after every change of state (the browser mock saves it to sessionStorage). */
  readonly onChange?: (snapshot: MockSnapshot) => void;
}

const FAILED_BEFORE_PAYMENT: readonly OrderStatus[] = ['EXPIRED', 'CANCELLED', 'PAYMENT_FAILED'];

/** The in-memory API behind the handlers. Tests read it and bend it; `reset()` restores the demo. */
export class MockState {
  readonly requests: RecordedRequest[] = [];
  private events = new Map<string, EventDetail>();
  private orders = new Map<string, StoredOrder>();
  private idempotency = new Map<string, IdempotencyRecord>();
  private webhookEventIds = new Set<string>();
  private requestCounter = 0;

  constructor(
    private readonly catalog: () => EventDetail[],
    readonly now: () => Date,
    private readonly onChange?: (snapshot: MockSnapshot) => void,
  ) {
    this.load();
  }

  /** Back to the initial catalog, no orders, no recorded requests. */
  reset(): void {
    this.load();
    this.changed();
  }

  private load(): void {
    this.events = new Map(this.catalog().map((event) => [event.id, structuredClone(event)]));
    this.orders.clear();
    this.idempotency.clear();
    this.webhookEventIds.clear();
    this.requests.length = 0;
  }

  snapshot(): MockSnapshot {
    return structuredClone({
      events: [...this.events.values()],
      orders: [...this.orders.values()],
      idempotency: [...this.idempotency.entries()],
      webhookEventIds: [...this.webhookEventIds],
    });
  }

  restore(snapshot: MockSnapshot): void {
    const copy = structuredClone(snapshot);
    this.events = new Map(copy.events.map((event) => [event.id, event]));
    this.orders = new Map(copy.orders.map((stored) => [stored.order.orderId, stored]));
    this.idempotency = new Map(copy.idempotency);
    this.webhookEventIds = new Set(copy.webhookEventIds);
  }

  /** Events soonest first, with sale status derived from the current time and availability. */
  listEvents(): EventDetail[] {
    return [...this.events.values()]
      .map((event) => withSaleStatus(event, this.now()))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  }

  event(eventId: string): EventDetail | undefined {
    const event = this.events.get(eventId);
    return event && withSaleStatus(event, this.now());
  }

  /** Sets the seats left of a ticket type (in every event that has it). */
  setAvailability(ticketTypeId: string, available: number): void {
    let found = false;
    for (const event of this.events.values()) {
      for (const type of event.ticketTypes) {
        if (type.id === ticketTypeId) {
          type.available = Math.max(0, Math.min(available, type.capacity));
          found = true;
        }
      }
    }
    if (!found) throw new Error(`No ticket type ${ticketTypeId} in the mock catalog`);
    this.changed();
  }

  /** Adds an order (e.g. from `makeOrder`) readable with the returned token. */
  addOrder(order: Order, token: string = makeOrderToken()): string {
    this.orders.set(order.orderId, { order: structuredClone(order), token, holding: false });
    this.changed();
    return token;
  }

  /** The stored order, after applying hold expiry. */
  order(orderId: string): Order | undefined {
    const stored = this.orders.get(orderId);
    if (!stored) return undefined;
    this.expireIfDue(stored);
    return structuredClone(stored.order);
  }

  /** The order if the token is the one issued with it. */
  authorizedOrder(orderId: string, token: string): Order | undefined {
    const stored = this.orders.get(orderId);
    return stored && stored.token === token ? this.order(orderId) : undefined;
  }

  /**
   * Moves an order to a status with the side effects the API would have: tickets once
   * fulfilled, a reason for failures, no checkout URL after payment, seats released when an
   * unpaid order ends. Any move is allowed: tests use it to put an order where they need it.
   */
  setOrderStatus(orderId: string, status: OrderStatus, statusReason?: string): Order {
    const stored = this.orders.get(orderId);
    if (!stored) throw new Error(`No order ${orderId} in the mock`);
    const { checkoutUrl, statusReason: _previousReason, ...rest } = stored.order;
    const reason = statusReason ?? STATUS_REASONS[status];
    stored.order = {
      ...rest,
      status,
      ...(reason ? { statusReason: reason } : {}),
      ...(status === 'PENDING_PAYMENT' && checkoutUrl ? { checkoutUrl } : {}),
      tickets: status === 'FULFILLED' ? makeTickets(orderId, rest.lines) : status === 'REFUNDED' ? rest.tickets : [],
      updatedAt: this.now().toISOString(),
    };
    if (stored.holding && FAILED_BEFORE_PAYMENT.includes(status)) this.release(stored);
    if (status !== 'PENDING_PAYMENT') stored.holding = false;
    this.changed();
    return structuredClone(stored.order);
  }

  /** Requests received for one operation, oldest first. */
  requestsTo(operationId: OperationId): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  /** @internal used by the handlers */
  nextRequestId(): string {
    this.requestCounter += 1;
    return `mock-${this.requestCounter.toString().padStart(6, '0')}`;
  }

  /** @internal */
  hold(event: EventDetail, items: readonly Schemas['OrderItemRequest'][]): void {
    const stored = this.events.get(event.id)!;
    for (const item of items) {
      const type = stored.ticketTypes.find((t) => t.id === item.ticketTypeId)!;
      type.available -= item.quantity;
    }
  }

  /** @internal */
  storeNewOrder(order: Order, token: string): void {
    this.orders.set(order.orderId, { order, token, holding: true });
    this.changed();
  }

  /** @internal */
  idempotencyRecord(key: string): IdempotencyRecord | undefined {
    return this.idempotency.get(key);
  }

  /** @internal */
  rememberIdempotency(key: string, record: IdempotencyRecord): void {
    this.idempotency.set(key, record);
    this.changed();
  }

  /** @internal true when the event id was seen before */
  seenWebhookEvent(eventId: string): boolean {
    const seen = this.webhookEventIds.has(eventId);
    this.webhookEventIds.add(eventId);
    if (!seen) this.changed();
    return seen;
  }

  private expireIfDue(stored: StoredOrder): void {
    if (
      stored.order.status === 'PENDING_PAYMENT' &&
      new Date(stored.order.holdExpiresAt).getTime() <= this.now().getTime()
    ) {
      this.setOrderStatus(stored.order.orderId, 'EXPIRED');
    }
  }

  private release(stored: StoredOrder): void {
    const event = this.events.get(stored.order.eventId);
    for (const line of stored.order.lines) {
      const type = event?.ticketTypes.find((t) => t.id === line.ticketTypeId);
      if (type) type.available = Math.min(type.capacity, type.available + line.quantity);
    }
    stored.holding = false;
  }

  private changed(): void {
    this.onChange?.(this.snapshot());
  }
}

/** A JSON response for an operation, checked against the spec before it leaves. */
function respond<Op extends OperationId, S extends StatusOf<Op>>(
  operationId: Op,
  status: S,
  body: ResponseBodyOf<Op, S>,
) {
  assertValidResponse(operationId, status, body);
  return HttpResponse.json(body as JsonBodyType, { status });
}

function errorBody(state: MockState, code: ErrorCode, message: string, details?: readonly ErrorDetail[]): ErrorBody {
  return {
    error: {
      code,
      message,
      requestId: state.nextRequestId(),
      ...(details && details.length > 0 ? { details: [...details] } : {}),
    },
  };
}

function fail<Op extends OperationId>(
  state: MockState,
  operationId: Op,
  status: ErrorStatusOf<Op>,
  code: ErrorCode,
  message: string,
  details?: readonly ErrorDetail[],
) {
  return respond(operationId, status, errorBody(state, code, message, details) as ResponseBodyOf<Op, typeof status>);
}

function invalid<Op extends OperationId>(state: MockState, operationId: Op, issues: readonly ErrorDetail[]) {
  return fail(state, operationId, 400 as ErrorStatusOf<Op>, 'VALIDATION_FAILED', 'The request is invalid.', issues);
}

/** `/orders/{orderId}` → `<baseUrl>/orders/:orderId` (MSW's path syntax). */
function urlOf(baseUrl: string, operationId: OperationId): string {
  return `${baseUrl}${getOperation(operationId).path.replace(/\{([^}]+)\}/g, ':$1')}`;
}

function headersOf(request: Request): Record<string, string> {
  return Object.fromEntries([...request.headers.entries()].map(([name, value]) => [name.toLowerCase(), value]));
}

function stringParams(params: PathParams): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]),
  );
}

/** Canonical JSON (sorted keys), so the same body in another key order is the same request. */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${fingerprint((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

async function readJson(request: Request): Promise<{ text: string; parsed: unknown }> {
  const text = await request.text();
  const parsed = parseJsonBody(text);
  return { text, parsed: parsed.ok ? parsed.value : undefined };
}

const CURSOR_PATTERN = /^o(\d{1,6})$/;

function recordRequest(state: MockState, operationId: OperationId, request: Request, body?: unknown): void {
  state.requests.push({
    operationId,
    method: request.method,
    url: request.url,
    headers: headersOf(request),
    ...(body !== undefined ? { body } : {}),
  });
}

function createHandlers(state: MockState, baseUrl: string, options: MockApiOptions): HttpHandler[] {
  const record = (operationId: OperationId, request: Request, body?: unknown) =>
    recordRequest(state, operationId, request, body);
  const checkoutUrl = options.checkoutUrl ?? (({ orderId }) => demoCheckoutUrl(orderId));

  const listEvents = http.get(urlOf(baseUrl, 'listEvents'), ({ request }) => {
    record('listEvents', request);
    const url = new URL(request.url);
    const params = validateParameters('listEvents', { query: Object.fromEntries(url.searchParams) });
    if (!params.ok) return invalid(state, 'listEvents', params.issues);
    const { limit = 20, cursor } = params.value.query;
    const offset = cursor === undefined ? 0 : Number(CURSOR_PATTERN.exec(cursor)?.[1] ?? NaN);
    const events = state.listEvents();
    if (!Number.isInteger(offset) || offset > events.length) {
      return fail(state, 'listEvents', 400, 'BAD_REQUEST', 'The cursor is not one this API issued.', [
        { field: '/query/cursor', message: 'is unknown' },
      ]);
    }
    const page = events.slice(offset, offset + limit);
    const next = offset + page.length;
    return respond('listEvents', 200, {
      items: page.map(toEventSummary),
      ...(next < events.length ? { nextCursor: `o${next}` } : {}),
    });
  });

  const getEvent = http.get(urlOf(baseUrl, 'getEvent'), ({ request, params: pathParams }) => {
    record('getEvent', request);
    const params = validateParameters('getEvent', { path: stringParams(pathParams) });
    if (!params.ok) return invalid(state, 'getEvent', params.issues);
    const event = state.event(params.value.path.eventId);
    if (!event) return fail(state, 'getEvent', 404, 'NOT_FOUND', 'There is no such event.');
    return respond('getEvent', 200, event);
  });

  const createOrder = http.post(urlOf(baseUrl, 'createOrder'), async ({ request }) => {
    const { text, parsed } = await readJson(request);
    record('createOrder', request, parsed);
    const params = validateParameters('createOrder', { headers: headersOf(request) });
    const bodyCheck = parsed === undefined ? parseJsonBody(text) : validateRequestBody('createOrder', parsed);
    const issues = [...(params.ok ? [] : params.issues), ...(bodyCheck.ok ? [] : bodyCheck.issues)];
    if (!params.ok || !bodyCheck.ok) return invalid(state, 'createOrder', issues);
    const key = params.value.header['Idempotency-Key'];
    const body = bodyCheck.value as Schemas['CreateOrderRequest'];

    const previous = state.idempotencyRecord(key);
    if (previous) {
      if (previous.fingerprint === fingerprint(body)) return respond('createOrder', 201, previous.response);
      return fail(
        state,
        'createOrder',
        409,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used with a different request.',
        [{ field: '/header/idempotency-key', message: 'was used with a different body' }],
      );
    }

    const event = state.event(body.eventId);
    if (!event)
      return fail(state, 'createOrder', 404, 'NOT_FOUND', 'There is no such event.', [
        { field: '/body/eventId', message: 'is unknown' },
      ]);
    if (event.saleStatus === 'UPCOMING') {
      return fail(state, 'createOrder', 409, 'SALE_NOT_OPEN', `Sales for ${event.name} open on ${event.onSaleAt}.`);
    }

    const itemIssues: ErrorDetail[] = [];
    const shortages: ErrorDetail[] = [];
    body.items.forEach((item, i) => {
      const type = event.ticketTypes.find((t) => t.id === item.ticketTypeId);
      if (!type) {
        itemIssues.push({ field: `/body/items/${i}/ticketTypeId`, message: 'is not a ticket type of this event' });
      } else if (body.items.findIndex((other) => other.ticketTypeId === item.ticketTypeId) !== i) {
        itemIssues.push({ field: `/body/items/${i}/ticketTypeId`, message: 'appears more than once' });
      } else if (item.quantity > type.maxPerOrder) {
        itemIssues.push({
          field: `/body/items/${i}/quantity`,
          message: `must be at most ${type.maxPerOrder} per order`,
        });
      } else if (item.quantity > type.available) {
        shortages.push({
          field: `/body/items/${i}/quantity`,
          ticketTypeId: type.id,
          message: type.available === 0 ? `${type.name} is sold out.` : `Only ${type.available} ${type.name} left.`,
        });
      }
    });
    if (itemIssues.length > 0) return invalid(state, 'createOrder', itemIssues);
    if (shortages.length > 0) {
      return fail(state, 'createOrder', 409, 'SOLD_OUT', 'Not enough tickets left for this order.', shortages);
    }

    const now = state.now();
    const orderId = makeOrderId(now);
    const orderToken = makeOrderToken();
    const { lines, totals } = priceItems(event, body.items);
    const holdExpiresAt = new Date(now.getTime() + HOLD_MINUTES * 60_000).toISOString();
    const url = checkoutUrl({ orderId, orderToken });
    state.hold(event, body.items);
    state.storeNewOrder(
      {
        orderId,
        eventId: event.id,
        eventName: event.name,
        status: 'PENDING_PAYMENT',
        lines,
        totals,
        holdExpiresAt,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        checkoutUrl: url,
        tickets: [],
      },
      orderToken,
    );
    const response: CreateOrderResponse = {
      orderId,
      orderToken,
      status: 'PENDING_PAYMENT',
      checkoutUrl: url,
      lines,
      totals,
      holdExpiresAt,
    };
    state.rememberIdempotency(key, { fingerprint: fingerprint(body), response });
    return respond('createOrder', 201, response);
  });

  /** Shared by getOrder and cancelOrder: 400 on malformed ids, 401 without a token, 404 otherwise. */
  const authorize = <Op extends 'getOrder' | 'cancelOrder'>(
    operationId: Op,
    request: Request,
    pathParams: PathParams,
  ) => {
    const params = validateParameters(operationId, { path: stringParams(pathParams), headers: headersOf(request) });
    if (!params.ok) return { response: invalid(state, operationId, params.issues) };
    const token = (params.value.header as { 'X-Order-Token'?: string })['X-Order-Token'];
    if (!token) {
      return {
        response: fail(
          state,
          operationId,
          401 as ErrorStatusOf<Op>,
          'UNAUTHORIZED',
          'The X-Order-Token header is required.',
        ),
      };
    }
    const order = state.authorizedOrder(params.value.path.orderId, token);
    if (!order)
      return { response: fail(state, operationId, 404 as ErrorStatusOf<Op>, 'NOT_FOUND', 'There is no such order.') };
    return { order };
  };

  const getOrder = http.get(urlOf(baseUrl, 'getOrder'), ({ request, params }) => {
    record('getOrder', request);
    const found = authorize('getOrder', request, params);
    if (!found.order) return found.response;
    const { order } = found;
    if (options.autoFulfil && (order.status === 'PAID' || order.status === 'FULFILLING')) {
      // Answer with the current status and advance afterwards: the buyer sees every step once.
      state.setOrderStatus(order.orderId, order.status === 'PAID' ? 'FULFILLING' : 'FULFILLED');
    }
    return respond('getOrder', 200, order);
  });

  const cancelOrder = http.post(urlOf(baseUrl, 'cancelOrder'), ({ request, params }) => {
    record('cancelOrder', request);
    const found = authorize('cancelOrder', request, params);
    if (!found.order) return found.response;
    const { order } = found;
    if (order.status === 'CANCELLED') return respond('cancelOrder', 200, order);
    if (order.status === 'EXPIRED') {
      return fail(state, 'cancelOrder', 409, 'HOLD_EXPIRED', 'The seat hold already expired; the seats were released.');
    }
    if (order.status !== 'PENDING_PAYMENT') {
      return fail(
        state,
        'cancelOrder',
        409,
        'ORDER_NOT_CANCELLABLE',
        `An order in status ${order.status} cannot be cancelled.`,
      );
    }
    return respond('cancelOrder', 200, state.setOrderStatus(order.orderId, 'CANCELLED'));
  });

  const receiveStripeWebhook = http.post(urlOf(baseUrl, 'receiveStripeWebhook'), async ({ request }) => {
    const { text, parsed } = await readJson(request);
    record('receiveStripeWebhook', request, parsed);
    // Like the API: every signature failure, a missing or empty header included, is INVALID_SIGNATURE
    // (the mock cannot check the HMAC, so any other value passes).
    if (!request.headers.get('stripe-signature')?.trim())
      return fail(state, 'receiveStripeWebhook', 400, 'INVALID_SIGNATURE', 'The signature could not be verified.');
    const body = parsed === undefined ? parseJsonBody(text) : validateRequestBody('receiveStripeWebhook', parsed);
    if (!body.ok) return invalid(state, 'receiveStripeWebhook', body.issues);
    const duplicate = state.seenWebhookEvent((body.value as Schemas['StripeEventEnvelope']).id);
    return respond('receiveStripeWebhook', 200, { received: true, ...(duplicate ? { duplicate } : {}) });
  });

  return [listEvents, getEvent, createOrder, getOrder, cancelOrder, receiveStripeWebhook];
}

interface ScenarioOptions {
  /** Answer only the next matching request, then step aside. */
  readonly once?: boolean;
}

/** Handlers that bend the mock API for one test; pass them to `server.use(...)` / `worker.use(...)`. */
export interface Scenarios {
  /** Someone else buys the last seats of the ticket type just before the next `createOrder`. */
  soldOut(ticketTypeId: string): HttpHandler;
  /** A 500 INTERNAL_ERROR from the operation. */
  serverError(operationId: OperationId, options?: ScenarioOptions): HttpHandler;
  /** `createOrder` answers 400 VALIDATION_FAILED for a field (a JSON pointer, e.g. `/body/customer/email`). */
  validationError(field: string, message?: string, options?: ScenarioOptions): HttpHandler;
  /** Any declared error of an operation, validated like every other response. */
  error<Op extends OperationId>(
    operationId: Op,
    status: ErrorStatusOf<Op>,
    code: ErrorCode,
    message: string,
    options?: ScenarioOptions & { readonly details?: readonly ErrorDetail[] },
  ): HttpHandler;
  /** The request never gets an HTTP answer (offline, DNS, CORS...). */
  networkError(operationId: OperationId, options?: ScenarioOptions): HttpHandler;
  /** Every request (or one operation's) waits `ms` before the normal answer. */
  slow(ms: number, operationId?: OperationId): HttpHandler;
  /**
   * Each `getOrder` of an order moves it to the next status of the list before answering (the
   * last one sticks), as if payment and fulfillment happened between two polls.
   */
  orderProgress(statuses: readonly OrderStatus[]): HttpHandler;
}

function createScenarios(state: MockState, baseUrl: string): Scenarios {
  /** A handler for one operation; a request it answers itself is recorded like any other. */
  const on = (operationId: OperationId, resolver: HttpResponseResolver, options?: ScenarioOptions): HttpHandler =>
    http[getOperation(operationId).method](
      urlOf(baseUrl, operationId),
      async (info) => {
        const copy = info.request.clone();
        const response = await resolver(info);
        if (response) {
          const { parsed } = await readJson(copy);
          recordRequest(state, operationId, copy, parsed);
        }
        return response;
      },
      { once: options?.once ?? false },
    );

  const scenarios: Scenarios = {
    soldOut: (ticketTypeId) =>
      on('createOrder', () => {
        state.setAvailability(ticketTypeId, 0);
        // Fall through: the regular handler now answers SOLD_OUT from the state.
        return undefined;
      }),

    serverError: (operationId, options) =>
      on(
        operationId,
        () => fail(state, operationId, 500, 'INTERNAL_ERROR', 'Something went wrong on our side.'),
        options,
      ),

    validationError: (field, message = 'is invalid', options) =>
      on('createOrder', () => invalid(state, 'createOrder', [{ field, message }]), options),

    error: (operationId, status, code, message, options) =>
      on(operationId, () => fail(state, operationId, status, code, message, options?.details), options),

    networkError: (operationId, options) => on(operationId, () => HttpResponse.error(), options),

    slow: (ms, operationId) => {
      const wait = async () => {
        await delay(ms);
        return undefined;
      };
      return operationId ? on(operationId, wait) : http.all(`${baseUrl}/*`, wait);
    },

    orderProgress: (statuses) => {
      if (statuses.length === 0) throw new Error('orderProgress needs at least one status');
      const reads = new Map<string, number>();
      return on('getOrder', ({ request, params }) => {
        const orderId = String(params['orderId']);
        const token = request.headers.get('x-order-token') ?? '';
        if (!state.authorizedOrder(orderId, token)) return undefined;
        const index = reads.get(orderId) ?? 0;
        reads.set(orderId, index + 1);
        const status = statuses[Math.min(index, statuses.length - 1)]!;
        if (state.order(orderId)?.status !== status) state.setOrderStatus(orderId, status);
        return undefined;
      });
    },
  };
  return scenarios;
}

export interface MockApi {
  readonly baseUrl: string;
  readonly state: MockState;
  /** The regular handlers, one per operation of the spec. */
  readonly handlers: HttpHandler[];
  readonly scenarios: Scenarios;
}

/** A fresh mock API: its own state, handlers and scenarios. */
export function createMockApi(options: MockApiOptions = {}): MockApi {
  const baseUrl = (options.baseUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
  const state = new MockState(
    options.catalog ?? (() => demoCatalog(options.now?.() ?? new Date())),
    options.now ?? (() => new Date()),
    options.onChange,
  );
  return {
    baseUrl,
    state,
    handlers: createHandlers(state, baseUrl, options),
    scenarios: createScenarios(state, baseUrl),
  };
}
