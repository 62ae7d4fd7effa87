import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomString, BASE62 } from '../shared/random';
import type { EventObject } from './objects';
import { stripeSignatureHeader } from './webhook-signature';

export interface WebhookEndpoint {
  readonly url: string;
  readonly secret: string;
}

/** Exponential backoff: attempt n waits baseDelayMs · 2^(n-1), at most maxDelayMs. */
export interface WebhookRetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs?: number;
}

export const DEFAULT_WEBHOOK_RETRY: Required<WebhookRetryPolicy> = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/** Why a delivery exists: the event happened, or a test asked for it again. */
export type DeliveryTrigger = 'event' | 'redelivery' | 'duplicate';
export type DeliveryStatus = 'queued' | 'in_progress' | 'retry_scheduled' | 'succeeded' | 'failed' | 'cancelled';

export interface DeliveryAttempt {
  readonly number: number;
  readonly url: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The endpoint's HTTP status; null when there was no answer (refused, reset, timed out). */
  readonly statusCode: number | null;
  readonly error: string | null;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly trigger: DeliveryTrigger;
  readonly status: DeliveryStatus;
  readonly attempts: readonly DeliveryAttempt[];
  readonly nextAttemptAt: string | null;
}

/** The order in which paused (queued) events are released: as queued, reversed, or by event id. */
export type ReleaseOrder = 'fifo' | 'reverse' | readonly string[];

export class WebhookControlError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'WebhookControlError';
  }
}

interface Delivery {
  readonly id: string;
  readonly event: EventObject;
  readonly trigger: DeliveryTrigger;
  status: DeliveryStatus;
  readonly attempts: DeliveryAttempt[];
  nextAttemptAt: number | null;
  timer: NodeJS.Timeout | null;
  abort: AbortController | null;
  readonly done: Promise<void>;
  settle: () => void;
}

export interface WebhookDispatcherOptions {
  readonly endpoint?: WebhookEndpoint;
  readonly retry?: Partial<WebhookRetryPolicy>;
  /** How long one attempt may take before it counts as failed (Stripe waits about 10 s … 30 s). */
  readonly attemptTimeoutMs?: number;
  /** Called after every attempt (for logs). */
  readonly onAttempt?: (delivery: WebhookDelivery, attempt: DeliveryAttempt) => void;
}

const RESPONSE_BODY_LIMIT = 64 * 1024;

/**
 * Sends events to the webhook endpoint the way Stripe does: one JSON POST per event, signed,
 * retried with exponential backoff until a 2xx or the attempts run out. Tests can pause it
 * (events queue up), release the queue in any order, redeliver and duplicate.
 */
export class WebhookDispatcher {
  private endpoint: WebhookEndpoint | undefined;
  private readonly retry: Required<WebhookRetryPolicy>;
  private readonly attemptTimeoutMs: number;
  private readonly onAttempt: ((delivery: WebhookDelivery, attempt: DeliveryAttempt) => void) | undefined;
  private deliveries: Delivery[] = [];
  private queue: Delivery[] = [];
  private readonly active = new Set<Delivery>();
  private idleWaiters: (() => void)[] = [];
  private paused = false;
  private closed = false;

  constructor(options: WebhookDispatcherOptions) {
    this.endpoint = options.endpoint;
    this.retry = { ...DEFAULT_WEBHOOK_RETRY, ...options.retry };
    if (!Number.isInteger(this.retry.maxAttempts) || this.retry.maxAttempts < 1)
      throw new RangeError('webhookRetry.maxAttempts must be a positive integer');
    if (!(this.retry.baseDelayMs >= 0) || !(this.retry.maxDelayMs >= 0))
      throw new RangeError('webhookRetry delays must be non-negative numbers');
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.onAttempt = options.onAttempt;
  }

  get endpointUrl(): string | undefined {
    return this.endpoint?.url;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Event ids waiting in the paused queue, in arrival order. */
  get queuedEventIds(): string[] {
    return this.queue.map((delivery) => delivery.event.id);
  }

  setEndpoint(endpoint: WebhookEndpoint | undefined): void {
    this.endpoint = endpoint;
  }

  /** A new event: sent now, or queued while delivery is paused. Without an endpoint, nothing is sent. */
  dispatch(event: EventObject): void {
    if (this.closed || !this.endpoint) return;
    const delivery = this.create(event, 'event');
    if (this.paused) {
      delivery.status = 'queued';
      this.queue.push(delivery);
      return;
    }
    void this.start(delivery);
  }

  /** Sends the event again (even while paused: a test asked for it explicitly). */
  async redeliver(event: EventObject): Promise<WebhookDelivery> {
    const [delivery] = await this.duplicate(event, 1, 'redelivery');
    if (!delivery) throw new Error('no delivery was made');
    return delivery;
  }

  /** Sends `copies` deliveries of the event at the same time, as Stripe occasionally does. */
  async duplicate(
    event: EventObject,
    copies: number,
    trigger: DeliveryTrigger = 'duplicate',
  ): Promise<WebhookDelivery[]> {
    this.requireEndpoint();
    if (!Number.isInteger(copies) || copies < 1 || copies > 100)
      throw new WebhookControlError('copies must be an integer from 1 to 100', 400);
    const deliveries = Array.from({ length: copies }, () => this.create(event, trigger));
    for (const delivery of deliveries) void this.start(delivery);
    await Promise.all(deliveries.map((delivery) => delivery.done));
    return deliveries.map((delivery) => this.view(delivery));
  }

  pause(): void {
    this.paused = true;
  }

  /**
   * Sends the queued events in `order`, one after another (each first attempt finishes before
   * the next starts, so the endpoint sees exactly this order), and resolves when all are settled.
   * Event ids not named in an explicit order follow in queue order. With `resume` (the default)
   * later events are sent straight away again.
   */
  async release(order: ReleaseOrder = 'fifo', resume = true): Promise<WebhookDelivery[]> {
    const ordered = this.orderQueue(order);
    this.queue = [];
    if (resume) this.paused = false;
    for (const delivery of ordered) await this.start(delivery);
    await Promise.all(ordered.map((delivery) => delivery.done));
    return ordered.map((delivery) => this.view(delivery));
  }

  private orderQueue(order: ReleaseOrder): Delivery[] {
    if (order === 'fifo') return [...this.queue];
    if (order === 'reverse') return [...this.queue].reverse();
    const byEvent = new Map(this.queue.map((delivery) => [delivery.event.id, delivery]));
    const named = order.map((eventId) => {
      const delivery = byEvent.get(eventId);
      if (!delivery) throw new WebhookControlError(`Event ${eventId} is not queued`, 400);
      byEvent.delete(eventId);
      return delivery;
    });
    return [...named, ...this.queue.filter((delivery) => byEvent.has(delivery.event.id))];
  }

  deliveriesFor(eventId: string): WebhookDelivery[] {
    return this.deliveries.filter((delivery) => delivery.event.id === eventId).map((delivery) => this.view(delivery));
  }

  all(): WebhookDelivery[] {
    return this.deliveries.map((delivery) => this.view(delivery));
  }

  /** Resolves once no delivery is being attempted or waiting for a retry (queued ones aside). */
  whenIdle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Forgets every delivery (in-flight ones are cancelled) and resumes delivery. */
  reset(): void {
    this.cancelAll();
    this.deliveries = [];
    this.paused = false;
  }

  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  private cancelAll(): void {
    for (const delivery of [...this.active, ...this.queue]) {
      if (delivery.timer) clearTimeout(delivery.timer);
      delivery.abort?.abort();
      this.finish(delivery, 'cancelled');
    }
    this.queue = [];
  }

  private requireEndpoint(): WebhookEndpoint {
    if (!this.endpoint) throw new WebhookControlError('No webhook endpoint is configured', 409);
    return this.endpoint;
  }

  private create(event: EventObject, trigger: DeliveryTrigger): Delivery {
    let settle = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const delivery: Delivery = {
      id: `whdel_${randomString(BASE62, 20)}`,
      event,
      trigger,
      status: 'in_progress',
      attempts: [],
      nextAttemptAt: null,
      timer: null,
      abort: null,
      done,
      settle,
    };
    this.deliveries.push(delivery);
    return delivery;
  }

  /** Starts a delivery; resolves when its first attempt has finished. */
  private start(delivery: Delivery): Promise<void> {
    this.active.add(delivery);
    return this.attempt(delivery);
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const endpoint = this.endpoint;
    if (this.closed || !endpoint || delivery.status === 'cancelled') {
      this.finish(delivery, 'cancelled');
      return;
    }
    delivery.status = 'in_progress';
    delivery.nextAttemptAt = null;
    delivery.timer = null;
    // Stripe sends the event pretty-printed; the signature covers exactly these bytes.
    const payload = JSON.stringify(delivery.event, null, 2);
    const signedAt = Math.floor(Date.now() / 1000);
    const startedAt = Date.now();
    delivery.abort = new AbortController();
    const answer = await postJson(
      endpoint.url,
      payload,
      stripeSignatureHeader(payload, endpoint.secret, signedAt),
      this.attemptTimeoutMs,
      delivery.abort.signal,
    );
    delivery.abort = null;
    // Cancelled (reset or close) while the request was in flight: the outcome no longer matters.
    if (wasCancelled(delivery)) return;
    const attempt: DeliveryAttempt = {
      number: delivery.attempts.length + 1,
      url: endpoint.url,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      statusCode: answer.statusCode,
      error: answer.error,
    };
    delivery.attempts.push(attempt);
    if (answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300) {
      this.finish(delivery, 'succeeded');
    } else if (delivery.attempts.length >= this.retry.maxAttempts) {
      this.finish(delivery, 'failed');
    } else {
      const delay = Math.min(this.retry.baseDelayMs * 2 ** (delivery.attempts.length - 1), this.retry.maxDelayMs);
      delivery.status = 'retry_scheduled';
      delivery.nextAttemptAt = Date.now() + delay;
      delivery.timer = setTimeout(() => void this.attempt(delivery), delay);
    }
    this.onAttempt?.(this.view(delivery), attempt);
  }

  private finish(delivery: Delivery, status: 'succeeded' | 'failed' | 'cancelled'): void {
    delivery.status = status;
    delivery.nextAttemptAt = null;
    delivery.timer = null;
    this.active.delete(delivery);
    delivery.settle();
    if (this.active.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private view(delivery: Delivery): WebhookDelivery {
    return {
      id: delivery.id,
      eventId: delivery.event.id,
      eventType: delivery.event.type,
      trigger: delivery.trigger,
      status: delivery.status,
      attempts: delivery.attempts.map((attempt) => ({ ...attempt })),
      nextAttemptAt: delivery.nextAttemptAt === null ? null : new Date(delivery.nextAttemptAt).toISOString(),
    };
  }
}

function wasCancelled(delivery: Delivery): boolean {
  return delivery.status === 'cancelled';
}

interface PostAnswer {
  readonly statusCode: number | null;
  readonly error: string | null;
}

/** One webhook POST on a fresh connection (no keep-alive: nothing lingers after the emulator stops). */
function postJson(
  url: string,
  payload: string,
  signature: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<PostAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: PostAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ statusCode: null, error: `invalid endpoint URL ${url}` });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, {
      method: 'POST',
      agent: false,
      signal,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(payload).toString(),
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        Accept: '*/*; q=0.5, application/xml',
        'Cache-Control': 'no-cache',
        'Stripe-Signature': signature,
      },
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('response', (response) => {
      const statusCode = response.statusCode ?? null;
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        // The answer's body is not needed; stop reading a runaway one.
        if (received > RESPONSE_BODY_LIMIT) response.destroy();
      });
      response.on('end', () => settle({ statusCode, error: null }));
      response.on('close', () => settle({ statusCode, error: null }));
      response.on('error', () => settle({ statusCode, error: null }));
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      settle({ statusCode: null, error: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    request.end(payload);
  });
}
