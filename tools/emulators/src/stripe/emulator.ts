import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { canonicalJson } from '../shared/canonical-json';
import {
  BodyTooLargeError,
  closeServer,
  listen,
  parseRequestUrl,
  readBody,
  sendHtml,
  sendJson,
} from '../shared/http-server';
import { BASE62, randomString } from '../shared/random';
import type { CardForm } from './card-form';
import { DEFAULT_STRIPE_EMULATOR_PORT, LOCAL_STRIPE_WEBHOOK_SECRET } from './constants';
import { invalidRequest, StripeApiError } from './errors';
import { FormEncodingError, parseStripeForm, type FormObject } from './form-encoding';
import { renderCheckoutPage, renderStatusPage } from './hosted-page';
import type { CheckoutSessionObject, EventObject } from './objects';
import { expandParam, rejectUnknown } from './params';
import { DEFAULT_API_VERSION, formatMinor, StripeState, type PaymentAttempt, type RequestContext } from './state';
import {
  WebhookControlError,
  WebhookDispatcher,
  type DeliveryAttempt,
  type ReleaseOrder,
  type WebhookDelivery,
  type WebhookRetryPolicy,
} from './webhook-delivery';

export interface StripeEmulatorOptions {
  /** Default 12111; 0 picks a free port (tests). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Base of the hosted checkout URLs handed to buyers; default the emulator's own URL. */
  readonly publicBaseUrl?: string;
  /** Accept only this API key. Default: any test-mode secret key (`sk_test_…`, `rk_test_…`). */
  readonly secretKey?: string;
  /** Where events are POSTed; without it events are only recorded. */
  readonly webhookUrl?: string;
  /** Signing secret for `Stripe-Signature`; default LOCAL_STRIPE_WEBHOOK_SECRET. */
  readonly webhookSecret?: string;
  /** Default 8 attempts, 500 ms doubling each time, at most 30 s apart. */
  readonly webhookRetry?: Partial<WebhookRetryPolicy>;
  /** How long one webhook attempt may take; default 10 000 ms. */
  readonly webhookTimeoutMs?: number;
  /** How often open sessions past `expires_at` are expired; default 1000 ms. */
  readonly expirySweepIntervalMs?: number;
  /** Shown on the hosted page; default "TicketsToHeaven". */
  readonly businessName?: string;
  /** The emulated Stripe clock (ms since the epoch); default Date.now. `advanceClock` adds to it. */
  readonly now?: () => number;
  /** Receives one line per event and per webhook attempt (the CLI prints them). */
  readonly log?: (line: string) => void;
}

/** What the control API fills in when a test pays without a browser. */
export interface PayOptions {
  /** Default 4242 4242 4242 4242. */
  readonly card?: string;
  /** Default: December, five years from now. */
  readonly expiry?: string;
  readonly cvc?: string;
  readonly cardholderName?: string;
  /** Used only when the session has no customer_email. */
  readonly email?: string;
}

export interface EventRecord {
  readonly event: EventObject;
  readonly deliveries: WebhookDelivery[];
}

export interface StripeEmulator {
  /** API base for the SDK (`host`/`port`/`protocol`) and the control API, e.g. http://127.0.0.1:12111. */
  readonly url: string;
  readonly port: number;
  readonly webhookSecret: string;
  close(): Promise<void>;

  sessions(): CheckoutSessionObject[];
  session(sessionId: string): CheckoutSessionObject;
  /** Every event so far (oldest first) with its webhook deliveries. */
  events(filter?: { type?: string }): EventRecord[];
  deliveries(eventId?: string): WebhookDelivery[];

  /** Submits the hosted page's card form for the session (same code path as a buyer). */
  pay(sessionId: string, options?: string | PayOptions): PaymentAttempt;
  /** Completes the session unpaid and fires `checkout.session.async_payment_failed`. */
  failAsyncPayment(sessionId: string): { session: CheckoutSessionObject; events: EventObject[] };
  /** Expires an open session now (`checkout.session.expired`). */
  expireSession(sessionId: string): CheckoutSessionObject;
  /** Moves the emulated clock forward; sessions that are now past `expires_at` expire at once. */
  advanceClock(seconds: number): void;

  setWebhookEndpoint(url: string | undefined, secret?: string): void;
  redeliver(eventId: string): Promise<WebhookDelivery>;
  duplicate(eventId: string, copies: number): Promise<WebhookDelivery[]>;
  pauseDelivery(): void;
  releaseQueued(options?: { order?: ReleaseOrder; resume?: boolean }): Promise<WebhookDelivery[]>;
  /** Resolves when no webhook is being sent or waiting for a retry. */
  whenDeliveriesIdle(): Promise<void>;
  /** Forgets all sessions, payments, events, deliveries and idempotency keys; resumes delivery; resets the clock. */
  reset(): void;
}

const API_BODY_LIMIT = 1024 * 1024;
const FORM_BODY_LIMIT = 16 * 1024;
const CONTROL_BODY_LIMIT = 64 * 1024;
const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
/** Stripe keeps idempotency keys for 24 hours; after that a key may be reused. */
const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

interface StoredResponse {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
  readonly requestId: string;
  readonly storedAt: number;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = options.host ?? '127.0.0.1';
  const businessName = options.businessName ?? 'TicketsToHeaven';
  let webhookSecret = options.webhookSecret ?? LOCAL_STRIPE_WEBHOOK_SECRET;
  let clockOffsetMs = 0;
  const baseClock = options.now ?? Date.now;
  const log = options.log;
  const now = (): number => baseClock() + clockOffsetMs;
  let publicBaseUrl = options.publicBaseUrl?.replace(/\/+$/, '') ?? '';

  const dispatcher = new WebhookDispatcher({
    ...(options.webhookUrl ? { endpoint: { url: options.webhookUrl, secret: webhookSecret } } : {}),
    ...(options.webhookRetry ? { retry: options.webhookRetry } : {}),
    ...(options.webhookTimeoutMs !== undefined ? { attemptTimeoutMs: options.webhookTimeoutMs } : {}),
    ...(log ? { onAttempt: (delivery, attempt) => log(describeAttempt(delivery, attempt)) } : {}),
  });
  const state = new StripeState({
    now,
    get publicBaseUrl() {
      return publicBaseUrl;
    },
    pendingWebhooks: () => (dispatcher.endpointUrl ? 1 : 0),
    onEvent: (event) => {
      log?.(`event ${event.id} ${event.type} (${objectId(event)})`);
      dispatcher.dispatch(event);
    },
  });
  const idempotency = new Map<string, StoredResponse>();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(
          response,
          500,
          new StripeApiError(500, 'api_error', 'The emulator failed to handle the request.').toBody(),
        );
      else response.destroy();
      process.emitWarning(
        `Stripe emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
  });
  const address = await listen(server, options.port ?? DEFAULT_STRIPE_EMULATOR_PORT, host);
  if (publicBaseUrl === '') publicBaseUrl = address.url;

  const sweepInterval = setInterval(() => {
    state.expireOverdue();
    forgetOldIdempotencyKeys();
  }, options.expirySweepIntervalMs ?? 1000);
  sweepInterval.unref();

  function forgetOldIdempotencyKeys(): void {
    const oldest = now() - IDEMPOTENCY_KEY_TTL_MS;
    for (const [key, stored] of idempotency) if (stored.storedAt < oldest) idempotency.delete(key);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { segments, query, rawQuery, pathname } = parseRequestUrl(request);
    // Expiry is also checked on every request, so no caller ever sees an overdue open session.
    state.expireOverdue();
    const [root] = segments;
    if (root === 'v1') return handleApi(request, response, segments.slice(1), rawQuery, pathname);
    if (root === 'checkout' && segments.length === 2) return handleHostedPage(request, response, segments[1] ?? '');
    if (root === '_health' && segments.length === 1) return sendJson(response, 200, { status: 'ok' });
    if (root === '_control') return handleControl(request, response, segments.slice(1), query);
    sendJson(response, 404, invalidRequest(`Unrecognized request URL (${request.method}: ${pathname}).`).toBody());
  }

  // ---- The Stripe REST API (/v1) -----------------------------------------------------------

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    path: string[],
    rawQuery: string,
    pathname: string,
  ): Promise<void> {
    const requestId = `req_${randomString(BASE62, 14)}`;
    const apiVersion = header(request, 'stripe-version') ?? null;
    const headers: Record<string, string> = {
      'Request-Id': requestId,
      'Stripe-Version': apiVersion ?? DEFAULT_API_VERSION,
    };
    const method = request.method ?? 'GET';
    try {
      authenticate(header(request, 'authorization'));
      const body = method === 'POST' ? await readBody(request, API_BODY_LIMIT) : '';
      const params = parseStripeForm(method === 'POST' ? body : rawQuery);
      const idempotencyKey = method === 'POST' ? (header(request, 'idempotency-key') ?? null) : null;
      if (idempotencyKey !== null) {
        headers['Idempotency-Key'] = idempotencyKey;
        if (idempotencyKey.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
          throw invalidRequest(
            `Idempotency-Key must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters long.`,
            undefined,
            'idempotency_key_too_long',
          );
        }
        const fingerprint = `${method} ${pathname} ${canonicalJson(params)}`;
        const stored = idempotency.get(idempotencyKey);
        if (stored) {
          if (stored.fingerprint !== fingerprint) {
            throw new StripeApiError(
              400,
              'idempotency_error',
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            );
          }
          return sendJson(response, stored.status, stored.body, {
            ...headers,
            'Idempotent-Replayed': 'true',
            'Original-Request': stored.requestId,
          });
        }
        const context: RequestContext = { requestId, idempotencyKey, apiVersion };
        const result = route(method, path, params, context, pathname);
        // Like Stripe, only a request that ran to a result is remembered; a refused one can be retried.
        idempotency.set(idempotencyKey, { fingerprint, status: 200, body: result, requestId, storedAt: now() });
        return sendJson(response, 200, result, headers);
      }
      const result = route(method, path, params, { requestId, idempotencyKey: null, apiVersion }, pathname);
      sendJson(response, 200, result, headers);
    } catch (error) {
      const apiError = toApiError(error);
      sendJson(response, apiError.status, apiError.toBody(), headers);
    }
  }

  function route(
    method: string,
    path: string[],
    params: FormObject,
    context: RequestContext,
    pathname: string,
  ): unknown {
    const unrecognized = (): StripeApiError =>
      new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${pathname}).`);
    if (path[0] === 'checkout' && path[1] === 'sessions') {
      const [, , sessionId, sessionAction, ...extra] = path;
      if (extra.length > 0) throw unrecognized();
      const sessionExpand = (): string[] =>
        expandParam(params['expand'], ['line_items', 'payment_intent', 'payment_intent.latest_charge']);
      if (method === 'POST' && sessionId === undefined) {
        const expand = sessionExpand();
        const session = state.createSession(params, context);
        return state.session(session.id, expand);
      }
      if (sessionId !== undefined && sessionAction === undefined && method === 'GET') {
        rejectUnknown(params, ['expand']);
        return state.session(sessionId, sessionExpand());
      }
      if (sessionId !== undefined && sessionAction === 'expire' && method === 'POST') {
        rejectUnknown(params, ['expand']);
        const expand = sessionExpand();
        state.expireSession(sessionId, context);
        return state.session(sessionId, expand);
      }
      if (sessionId !== undefined && sessionAction === 'line_items' && method === 'GET') {
        rejectUnknown(params, ['ending_before', 'expand', 'limit', 'starting_after']);
        return state.sessionLineItems(sessionId);
      }
      throw unrecognized();
    }
    const [resource, id, ...extra] = path;
    if (extra.length > 0) throw unrecognized();
    if (resource === 'payment_intents' && id === undefined && method === 'GET') return state.listPaymentIntents(params);
    if (resource === 'payment_intents' && id !== undefined && method === 'GET') {
      rejectUnknown(params, ['client_secret', 'expand']);
      return state.paymentIntent(id, expandParam(params['expand'], ['latest_charge']));
    }
    if (resource === 'charges' && id !== undefined && method === 'GET') {
      rejectUnknown(params, ['expand']);
      // The emulated charge always lists its refunds; newer API versions do so only when asked.
      expandParam(params['expand'], ['refunds']);
      return state.charge(id);
    }
    if (resource === 'refunds' && id === undefined && method === 'POST') {
      expandParam(params['expand'], []);
      return state.createRefund(params, context);
    }
    if (resource === 'refunds' && id === undefined && method === 'GET') return state.listRefunds(params);
    if (resource === 'refunds' && id !== undefined && method === 'GET') {
      rejectUnknown(params, ['expand']);
      expandParam(params['expand'], []);
      return state.refund(id);
    }
    if (resource === 'events' && method === 'GET') {
      if (id === undefined) return state.listEvents(params);
      rejectUnknown(params, ['expand']);
      return state.event(id);
    }
    throw unrecognized();
  }

  function authenticate(authorization: string | undefined): void {
    const key = apiKeyFrom(authorization);
    if (key === undefined) {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
    const accepted = options.secretKey !== undefined ? key === options.secretKey : /^(sk|rk)_test_\w+$/.test(key);
    if (!accepted) {
      const hint = /^(sk|rk)_live_/.test(key) ? ' The emulator accepts only test mode keys.' : '';
      throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${redactKey(key)}.${hint}`, {
        code: 'api_key_invalid',
      });
    }
  }

  // ---- The hosted checkout page ------------------------------------------------------------

  async function handleHostedPage(
    request: IncomingMessage,
    response: ServerResponse,
    sessionId: string,
  ): Promise<void> {
    if (!state.hasSession(sessionId)) {
      return sendHtml(
        response,
        404,
        renderStatusPage({
          heading: 'Checkout not found',
          message: 'This checkout link is not valid. Return to the shop and try again.',
        }),
      );
    }
    const formAction = `/checkout/${encodeURIComponent(sessionId)}`;
    if (request.method === 'GET' || request.method === 'HEAD') {
      const session = state.session(sessionId);
      if (session.status !== 'open') return sendHtml(response, 200, closedSessionPage(session));
      return sendHtml(
        response,
        200,
        renderCheckoutPage({ businessName, session, lineItems: state.sessionLineItems(sessionId).data, formAction }),
      );
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'GET, POST');
      return sendHtml(
        response,
        405,
        renderStatusPage({ heading: 'Method not allowed', message: 'Use the checkout form to pay.' }),
      );
    }
    let fields: URLSearchParams;
    try {
      fields = new URLSearchParams(await readBody(request, FORM_BODY_LIMIT));
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return sendHtml(
        response,
        413,
        renderStatusPage({ heading: 'Form too large', message: 'The payment form sent more data than expected.' }),
        { Connection: 'close' },
      );
    }
    const form: CardForm = {
      cardNumber: fields.get('cardNumber') ?? '',
      expiry: fields.get('expiry') ?? '',
      cvc: fields.get('cvc') ?? '',
      cardholderName: fields.get('cardholderName') ?? '',
      email: fields.get('email') ?? '',
    };
    const attempt = state.submitPayment(sessionId, form);
    switch (attempt.outcome) {
      case 'paid': {
        const target = attempt.session.success_url ? successUrlFor(attempt.session.success_url, sessionId) : formAction;
        response.writeHead(303, { Location: target, 'Cache-Control': 'no-store', 'Content-Length': '0' });
        response.end();
        return;
      }
      case 'not_open':
        return sendHtml(response, 409, closedSessionPage(attempt.session));
      case 'declined':
      case 'invalid': {
        const session = state.session(sessionId);
        const fieldErrors = attempt.outcome === 'invalid' ? attempt.errors : {};
        const alert =
          attempt.outcome === 'declined'
            ? attempt.message
            : (Object.values(attempt.errors)[0] ?? 'Check your payment details.');
        const html = renderCheckoutPage({
          businessName,
          session,
          lineItems: state.sessionLineItems(sessionId).data,
          formAction,
          previous: {
            expiry: form.expiry,
            cardholderName: form.cardholderName,
            ...(form.email ? { email: form.email } : {}),
          },
          alert,
          fieldErrors,
        });
        return sendHtml(response, attempt.outcome === 'declined' ? 402 : 422, html);
      }
    }
  }

  function closedSessionPage(session: CheckoutSessionObject): string {
    if (session.status === 'complete' && session.payment_status === 'paid') {
      return renderStatusPage({
        heading: 'Payment complete',
        message: `Your payment of ${formatMinor(session.amount_total, session.currency)} to ${businessName} was received.`,
        ...(session.success_url
          ? { link: { href: successUrlFor(session.success_url, session.id), text: `Continue to ${businessName}` } }
          : {}),
      });
    }
    const heading =
      session.status === 'expired' ? 'This checkout session has expired' : 'This checkout session is closed';
    return renderStatusPage({
      heading,
      message: 'No payment was taken. Return to the shop to start again.',
      ...(session.cancel_url ? { link: { href: session.cancel_url, text: `Back to ${businessName}` } } : {}),
    });
  }

  // ---- The control API (/_control) ---------------------------------------------------------

  async function handleControl(
    request: IncomingMessage,
    response: ServerResponse,
    path: string[],
    query: URLSearchParams,
  ): Promise<void> {
    try {
      const method = request.method ?? 'GET';
      const body = method === 'POST' || method === 'PUT' ? await readControlBody(request) : {};
      const [area, id, action, ...rest] = path;
      const notFound = new ControlError(404, `No control endpoint ${method} /_control/${path.join('/')}`);
      if (rest.length > 0) throw notFound;
      if (area === 'sessions') {
        if (id === undefined && method === 'GET') return sendJson(response, 200, { data: emulator.sessions() });
        if (id !== undefined && action === undefined && method === 'GET')
          return sendJson(response, 200, emulator.session(id));
        if (id !== undefined && action === 'pay' && method === 'POST') {
          const attempt = emulator.pay(id, payOptionsFrom(body));
          const status = { paid: 200, declined: 402, invalid: 422, not_open: 409 }[attempt.outcome];
          return sendJson(response, status, attempt);
        }
        if (id !== undefined && action === 'async-payment-failed' && method === 'POST')
          return sendJson(response, 200, emulator.failAsyncPayment(id));
        if (id !== undefined && action === 'expire' && method === 'POST')
          return sendJson(response, 200, emulator.expireSession(id));
        throw notFound;
      }
      if (area === 'events') {
        if (id === undefined && method === 'GET')
          return sendJson(response, 200, {
            data: emulator.events(query.has('type') ? { type: query.get('type') ?? '' } : {}),
          });
        if (id !== undefined && action === undefined && method === 'GET')
          return sendJson(response, 200, eventRecord(id));
        if (id !== undefined && action === 'redeliver' && method === 'POST')
          return sendJson(response, 200, { deliveries: [await emulator.redeliver(id)] });
        if (id !== undefined && action === 'duplicate' && method === 'POST') {
          const copies = body['copies'] ?? 2;
          if (typeof copies !== 'number') throw new ControlError(400, 'copies must be a number');
          return sendJson(response, 200, { deliveries: await emulator.duplicate(id, copies) });
        }
        throw notFound;
      }
      if (area === 'webhooks') {
        if (id === undefined && method === 'GET') {
          return sendJson(response, 200, {
            url: dispatcher.endpointUrl ?? null,
            paused: dispatcher.isPaused,
            queued: dispatcher.queuedEventIds,
            deliveries: dispatcher.all(),
          });
        }
        if (id === 'endpoint' && (method === 'PUT' || method === 'POST')) {
          const url = body['url'];
          const secret = body['secret'];
          if (url !== null && url !== undefined && (typeof url !== 'string' || !isHttpUrl(url)))
            throw new ControlError(400, 'url must be an http(s) URL or null');
          if (secret !== undefined && (typeof secret !== 'string' || secret === ''))
            throw new ControlError(400, 'secret must be a non-empty string');
          emulator.setWebhookEndpoint(typeof url === 'string' ? url : undefined, secret);
          return sendJson(response, 200, { url: dispatcher.endpointUrl ?? null });
        }
        if (id === 'pause' && method === 'POST') {
          emulator.pauseDelivery();
          return sendJson(response, 200, { paused: true, queued: dispatcher.queuedEventIds });
        }
        if (id === 'release' && method === 'POST') {
          const order = body['order'] ?? 'fifo';
          const resume = body['resume'] ?? true;
          const validOrder =
            order === 'fifo' ||
            order === 'reverse' ||
            (Array.isArray(order) && order.every((entry) => typeof entry === 'string'));
          if (!validOrder) throw new ControlError(400, 'order must be "fifo", "reverse" or an array of event ids');
          if (typeof resume !== 'boolean') throw new ControlError(400, 'resume must be true or false');
          return sendJson(response, 200, {
            deliveries: await emulator.releaseQueued({ order: order as ReleaseOrder, resume }),
          });
        }
        if (id === 'idle' && method === 'GET') {
          await emulator.whenDeliveriesIdle();
          return sendJson(response, 200, { deliveries: dispatcher.all() });
        }
        throw notFound;
      }
      if (area === 'clock' && id === 'advance' && method === 'POST') {
        const seconds = body['seconds'];
        if (typeof seconds !== 'number') throw new ControlError(400, 'seconds must be a number');
        emulator.advanceClock(seconds);
        return sendJson(response, 200, { now: Math.floor(now() / 1000) });
      }
      if (area === 'reset' && id === undefined && method === 'POST') {
        emulator.reset();
        return sendJson(response, 200, { reset: true });
      }
      throw notFound;
    } catch (error) {
      if (error instanceof StripeApiError) return sendJson(response, error.status, error.toBody());
      if (error instanceof ControlError || error instanceof WebhookControlError)
        return sendJson(response, error.status, { error: { message: error.message } });
      if (error instanceof RangeError) return sendJson(response, 400, { error: { message: error.message } });
      if (error instanceof BodyTooLargeError)
        return sendJson(response, 413, { error: { message: error.message } }, { Connection: 'close' });
      throw error;
    }
  }

  function eventRecord(eventId: string): EventRecord {
    return { event: state.event(eventId), deliveries: dispatcher.deliveriesFor(eventId) };
  }

  const emulator: StripeEmulator = {
    url: address.url,
    port: address.port,
    get webhookSecret() {
      return webhookSecret;
    },
    async close() {
      clearInterval(sweepInterval);
      dispatcher.close();
      await closeServer(server);
    },
    sessions: () => state.listSessions(),
    session: (sessionId) => state.session(sessionId),
    events: (filter) =>
      state.events(filter).map((event) => ({ event, deliveries: dispatcher.deliveriesFor(event.id) })),
    deliveries: (eventId) => (eventId === undefined ? dispatcher.all() : dispatcher.deliveriesFor(eventId)),
    pay: (sessionId, payOptions) =>
      state.submitPayment(
        sessionId,
        cardFormFor(typeof payOptions === 'string' ? { card: payOptions } : (payOptions ?? {}), now()),
      ),
    failAsyncPayment: (sessionId) => state.failAsyncPayment(sessionId),
    expireSession: (sessionId) => state.expireSession(sessionId),
    advanceClock(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a non-negative number');
      clockOffsetMs += seconds * 1000;
      state.expireOverdue();
      forgetOldIdempotencyKeys();
    },
    setWebhookEndpoint(url, secret) {
      if (secret !== undefined) webhookSecret = secret;
      dispatcher.setEndpoint(url === undefined ? undefined : { url, secret: webhookSecret });
    },
    redeliver: (eventId) => dispatcher.redeliver(state.event(eventId)),
    duplicate: (eventId, copies) => dispatcher.duplicate(state.event(eventId), copies),
    pauseDelivery: () => dispatcher.pause(),
    releaseQueued: (releaseOptions = {}) =>
      dispatcher.release(releaseOptions.order ?? 'fifo', releaseOptions.resume ?? true),
    whenDeliveriesIdle: () => dispatcher.whenIdle(),
    reset() {
      dispatcher.reset();
      state.reset();
      idempotency.clear();
      clockOffsetMs = 0;
    },
  };
  return emulator;
}

function objectId(event: EventObject): string {
  return event.data.object.id;
}

function describeAttempt(delivery: WebhookDelivery, attempt: DeliveryAttempt): string {
  const answer = attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : (attempt.error ?? 'no answer');
  const next =
    delivery.status === 'retry_scheduled'
      ? `, retry at ${delivery.nextAttemptAt}`
      : delivery.status === 'failed'
        ? ', giving up'
        : '';
  return `webhook ${delivery.eventId} ${delivery.eventType} attempt ${attempt.number} (${delivery.trigger}) → ${answer}${next}`;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

function apiKeyFrom(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const [scheme = '', credentials = ''] = authorization.split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer') return credentials || undefined;
  // `curl -u sk_test_…:` sends the key as the Basic user name, as Stripe's docs show.
  if (scheme.toLowerCase() === 'basic')
    return Buffer.from(credentials, 'base64').toString('utf8').split(':')[0] || undefined;
  return undefined;
}

function redactKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}****${key.slice(-4)}`;
}

function toApiError(error: unknown): StripeApiError {
  if (error instanceof StripeApiError) return error;
  if (error instanceof FormEncodingError) return invalidRequest(error.message, error.param);
  if (error instanceof BodyTooLargeError) return new StripeApiError(413, 'invalid_request_error', error.message);
  throw error;
}

/** Stripe replaces the `{CHECKOUT_SESSION_ID}` template in the success URL with the session id. */
export function successUrlFor(successUrl: string, sessionId: string): string {
  return successUrl.replaceAll('{CHECKOUT_SESSION_ID}', sessionId).replaceAll('%7BCHECKOUT_SESSION_ID%7D', sessionId);
}

function cardFormFor(options: PayOptions, nowMs: number): CardForm {
  const expiryYear = (new Date(nowMs).getUTCFullYear() + 5) % 100;
  return {
    cardNumber: options.card ?? '4242 4242 4242 4242',
    expiry: options.expiry ?? `12 / ${String(expiryYear).padStart(2, '0')}`,
    cvc: options.cvc ?? '123',
    cardholderName: options.cardholderName ?? 'Test Buyer',
    email: options.email ?? 'buyer@example.com',
  };
}

function payOptionsFrom(body: Record<string, unknown>): PayOptions {
  const result: Record<string, string> = {};
  for (const key of ['card', 'expiry', 'cvc', 'cardholderName', 'email'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new ControlError(400, `${key} must be a string`);
    result[key] = value;
  }
  return result;
}

async function readControlBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(request, CONTROL_BODY_LIMIT);
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ControlError(400, 'The body must be JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ControlError(400, 'The body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
