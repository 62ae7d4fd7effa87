import type { Logger } from '@tth/runtime';
import { silentLogger } from '@tth/runtime';
import { fullJitterDelay, realSleep, type BackoffPolicy, type RandomSource, type Sleep } from './backoff';

import type { IssuanceRequest, IssuedTicket, Issuance as ProviderIssuance } from '@tth/contracts/fulfillment-provider';

export type { IssuanceRequest, IssuedTicket };

/** What the worker needs of the provider's answer (its wire format: @tth/contracts/fulfillment-provider). */
export interface Issuance extends Pick<ProviderIssuance, 'issuanceId' | 'orderId' | 'tickets'> {
  /** True when the provider answered with an earlier issuance for the same idempotency key (HTTP 200). */
  readonly replayed: boolean;
}

/**
 * Why a call to the provider failed. `retryable` errors (5xx, 408, 429, timeouts, network
 * errors) may succeed later; the others (any other 4xx, a malformed answer) will not, so they
 * are never retried. Messages are safe to log and to store: no provider bodies, no keys.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: 'http' | 'timeout' | 'network' | 'protocol' | 'configuration',
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface RetryPolicy extends BackoffPolicy {
  /** Calls per `issueTickets` (first call included); at least 1. */
  readonly attempts: number;
}

export interface ProviderClientOptions {
  /** Base URL of the provider API (from SSM Parameter Store in AWS, env locally). */
  readonly endpoint: () => Promise<string>;
  /** The provider API key (Secrets Manager in AWS, env locally). */
  readonly apiKey: () => Promise<string>;
  /** Per-call timeout, body included. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly fetch?: typeof globalThis.fetch;
  readonly sleep?: Sleep;
  readonly random?: RandomSource;
}

export interface CallContext {
  readonly logger?: Logger;
  /** Sent as X-Correlation-Id so the provider's logs can be joined with ours. */
  readonly correlationId?: string;
  /** Told about every retry (the worker counts them in the FulfillmentRetried metric). */
  readonly onRetry?: (retry: number, error: ProviderError) => void;
}

export interface FulfillmentProviderClient {
  /**
   * Issues the tickets of an order. The idempotency key is the order id, so however often this
   * is called for one order (retries, redelivered stream records, a worker that crashed after
   * the provider answered), the provider issues one set of tickets and replays it afterwards.
   * Throws a ProviderError once the retry policy is exhausted or on a non-retryable failure.
   */
  issueTickets(request: IssuanceRequest, context?: CallContext): Promise<Issuance>;
}

const RETRYABLE_STATUS = (status: number) => status >= 500 || status === 408 || status === 429;
// The contract's Ticket.code bounds (openapi.yaml): a code outside them could not be shown to the buyer.
const CODE_PATTERN = /^.{4,64}$/su;

export function createFulfillmentProviderClient(options: ProviderClientOptions): FulfillmentProviderClient {
  if (!Number.isInteger(options.retry.attempts) || options.retry.attempts < 1)
    throw new RangeError('retry.attempts must be a positive integer');
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;

  async function callOnce(
    url: string,
    apiKey: string,
    request: IssuanceRequest,
    correlationId: string | undefined,
  ): Promise<Issuance> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'x-api-key': apiKey,
            'idempotency-key': request.orderId,
            ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
          },
          body: JSON.stringify({
            orderId: request.orderId,
            eventId: request.eventId,
            items: request.items.map(({ ticketTypeId, quantity }) => ({ ticketTypeId, quantity })),
          }),
          signal: controller.signal,
          redirect: 'error',
        });
      } catch (error) {
        throw transportError(error, controller.signal, options.timeoutMs);
      }
      if (response.status !== 200 && response.status !== 201) {
        // Drain the body so the connection can be reused; its content is never surfaced.
        await response.arrayBuffer().catch(() => undefined);
        throw new ProviderError(
          `Fulfillment provider answered HTTP ${response.status}`,
          'http',
          RETRYABLE_STATUS(response.status),
          response.status,
        );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if (controller.signal.aborted) throw transportError(error, controller.signal, options.timeoutMs);
        throw new ProviderError(
          'Fulfillment provider answered with a body that is not JSON',
          'protocol',
          false,
          response.status,
        );
      }
      return { ...parseIssuance(body, request.orderId), replayed: response.status === 200 };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async issueTickets(request, context = {}) {
      const logger = context.logger ?? silentLogger;
      let url: string;
      let apiKey: string;
      try {
        url = issuancesUrl(await options.endpoint());
        apiKey = await options.apiKey();
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        // Secrets Manager / SSM unavailable: worth retrying later, like a provider outage.
        throw new ProviderError(
          `Fulfillment provider configuration could not be loaded: ${(error as Error).message}`,
          'configuration',
          true,
        );
      }
      for (let attempt = 1; ; attempt++) {
        try {
          const issuance = await callOnce(url, apiKey, request, context.correlationId);
          logger.info('Fulfillment provider issued tickets', {
            attempt,
            issuanceId: issuance.issuanceId,
            ticketCount: issuance.tickets.length,
            replayed: issuance.replayed,
          });
          return issuance;
        } catch (error) {
          const failure =
            error instanceof ProviderError
              ? error
              : new ProviderError(`Fulfillment provider call failed: ${(error as Error).message}`, 'network', true);
          if (!failure.retryable || attempt >= options.retry.attempts) {
            logger.warn('Fulfillment provider call failed, giving up', {
              attempt,
              errorKind: failure.kind,
              httpStatus: failure.status,
              retryable: failure.retryable,
              error: failure.message,
            });
            throw failure;
          }
          const delayMs = fullJitterDelay(attempt, options.retry, random);
          logger.warn('Fulfillment provider call failed, retrying', {
            attempt,
            delayMs,
            errorKind: failure.kind,
            httpStatus: failure.status,
            error: failure.message,
          });
          context.onRetry?.(attempt, failure);
          await sleep(delayMs);
        }
      }
    },
  };
}

function issuancesUrl(endpoint: string): string {
  let base: URL;
  try {
    base = new URL(endpoint.trim());
  } catch {
    throw new ProviderError('The fulfillment endpoint is not an absolute URL', 'configuration', false);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new ProviderError('The fulfillment endpoint must be an http(s) URL', 'configuration', false);
  return `${base.toString().replace(/\/+$/, '')}/v1/issuances`;
}

function transportError(error: unknown, signal: AbortSignal, timeoutMs: number): ProviderError {
  if (signal.aborted)
    return new ProviderError(`Fulfillment provider did not answer within ${timeoutMs} ms`, 'timeout', true);
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return new ProviderError(
    `Fulfillment provider unreachable${typeof cause === 'string' ? ` (${cause})` : ''}`,
    'network',
    true,
  );
}

/** Checks the provider's answer: a wrong shape is a protocol error, never silently stored. */
export function parseIssuance(body: unknown, orderId: string): Omit<Issuance, 'replayed'> {
  const invalid = (why: string) =>
    new ProviderError(`Fulfillment provider answer is malformed: ${why}`, 'protocol', false);
  if (typeof body !== 'object' || body === null) throw invalid('not an object');
  const { issuanceId, orderId: answeredOrderId, tickets } = body as Record<string, unknown>;
  if (typeof issuanceId !== 'string' || issuanceId === '') throw invalid('no issuanceId');
  if (answeredOrderId !== orderId) throw invalid('it is for another order');
  if (!Array.isArray(tickets)) throw invalid('no tickets array');
  const parsed = tickets.map((ticket: unknown, index) => {
    const { code, ticketTypeId } = (ticket ?? {}) as Record<string, unknown>;
    if (typeof code !== 'string' || !CODE_PATTERN.test(code)) throw invalid(`ticket ${index} has no valid code`);
    if (typeof ticketTypeId !== 'string' || ticketTypeId === '') throw invalid(`ticket ${index} has no ticketTypeId`);
    return { code, ticketTypeId };
  });
  return { issuanceId, orderId, tickets: parsed };
}
