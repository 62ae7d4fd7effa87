import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { canonicalJson } from '../shared/canonical-json';
import { BodyTooLargeError, closeServer, listen, parseRequestUrl, readBody, sendJson } from '../shared/http-server';
import { BASE62, randomString, secureRandom, seededRandom, type RandomSource } from '../shared/random';
import { DEFAULT_FULFILLMENT_EMULATOR_PORT, LOCAL_FULFILLMENT_API_KEY } from './constants';
import { FaultConfigError, NO_FAULTS, withFaults, type FaultConfig, type Faults } from './faults';
import { checkIssuanceRequest } from './issuance-request';
import { TicketCodeGenerator } from './ticket-codes';
import type { Issuance } from '@tth/contracts/fulfillment-provider';

export interface FulfillmentEmulatorOptions {
  /** Default 12112; 0 picks a free port (tests). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The key callers must send in `X-Api-Key`; default LOCAL_FULFILLMENT_API_KEY. */
  readonly apiKey?: string;
  /** Faults from the start (and after `reset()`); default none. */
  readonly faults?: FaultConfig;
  /** Seeds the generator that decides which calls fail or hang, so a test run is repeatable. */
  readonly seed?: number;
  /** How long a "timed out" call is held open before its connection is dropped; default 30 000 ms. */
  readonly hangMs?: number;
  /** Receives one line per call (the CLI prints them). */
  readonly log?: (line: string) => void;
}

export interface IssuanceRecord extends Issuance {
  readonly idempotencyKey: string;
  /** X-Correlation-Id of the call that issued it, when sent. */
  readonly correlationId: string | null;
  /** How often the same key and body were answered again from the log. */
  readonly replays: number;
}

export interface FulfillmentStats {
  /** Every call to /v1. */
  readonly calls: number;
  /** Issuances created: tickets actually issued. */
  readonly issued: number;
  readonly replayed: number;
  /** Same Idempotency-Key with a different body (409). */
  readonly conflicts: number;
  readonly unauthorized: number;
  /** Refused as malformed (400, 404, 405, 413). */
  readonly rejected: number;
  readonly faults: {
    readonly failures: number;
    readonly timeouts: number;
    readonly outage: number;
    readonly delayed: number;
  };
}

/** Everything the emulator issued, for tests that must prove "exactly once per order". */
export interface IssuanceLog {
  readonly issuances: IssuanceRecord[];
  /** How many times tickets were issued per order id: 1 for every order when callers are idempotent. */
  readonly issuedPerOrder: Record<string, number>;
  /** Order ids that got tickets more than once. */
  readonly duplicateOrders: string[];
  readonly stats: FulfillmentStats;
}

export interface FulfillmentEmulator {
  /** Base URL, e.g. http://127.0.0.1:12112 (the API is under /v1). */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  close(): Promise<void>;
  /** Changes only the faults named; returns the faults now in force. */
  setFaults(faults: FaultConfig): Faults;
  faults(): Faults;
  issuances(): IssuanceLog;
  /** Forgets issuances, keys and counts; faults go back to the start options; the seed restarts. */
  reset(): void;
}

const BODY_LIMIT = 64 * 1024;
const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

interface MutableStats {
  calls: number;
  issued: number;
  replayed: number;
  conflicts: number;
  unauthorized: number;
  rejected: number;
  faults: { failures: number; timeouts: number; outage: number; delayed: number };
}

function emptyStats(): MutableStats {
  return {
    calls: 0,
    issued: 0,
    replayed: 0,
    conflicts: 0,
    unauthorized: 0,
    rejected: 0,
    faults: { failures: 0, timeouts: 0, outage: 0, delayed: 0 },
  };
}

interface StoredIssuance {
  readonly fingerprint: string;
  record: IssuanceRecord;
}

class ProviderError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
  }
}

export async function startFulfillmentEmulator(options: FulfillmentEmulatorOptions = {}): Promise<FulfillmentEmulator> {
  const apiKey = options.apiKey ?? LOCAL_FULFILLMENT_API_KEY;
  if (apiKey === '') throw new RangeError('apiKey must not be empty');
  const initialFaults = withFaults(NO_FAULTS, options.faults ?? {});
  const hangMs = options.hangMs ?? 30_000;
  const log = options.log;
  const newRandom = (): RandomSource => (options.seed === undefined ? secureRandom : seededRandom(options.seed));

  let faults = initialFaults;
  let random = newRandom();
  let stats = emptyStats();
  const byKey = new Map<string, StoredIssuance>();
  const byId = new Map<string, StoredIssuance>();
  const codes = new TicketCodeGenerator();
  const hanging = new Set<NodeJS.Timeout>();
  const closing = new AbortController();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (closing.signal.aborted) return;
      if (!response.headersSent)
        sendJson(response, 500, errorBody('INTERNAL', 'The emulator failed to handle the request.'));
      else response.destroy();
      process.emitWarning(
        `Fulfillment emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
  });
  const address = await listen(server, options.port ?? DEFAULT_FULFILLMENT_EMULATOR_PORT, options.host ?? '127.0.0.1');

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { segments } = parseRequestUrl(request);
    const [root] = segments;
    if (root === '_health' && segments.length === 1) return sendJson(response, 200, { status: 'ok' });
    if (root === '_control') return handleControl(request, response, segments.slice(1));
    if (root === 'v1') return handleApi(request, response, segments.slice(1));
    sendJson(response, 404, errorBody('NOT_FOUND', `No route ${request.method} ${request.url}`));
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string[]): Promise<void> {
    const requestId = `req_${randomString(BASE62, 16)}`;
    const method = request.method ?? 'GET';
    stats.calls += 1;
    const describe = `${method} /v1/${path.join('/')}`;
    try {
      if (faults.latencyMs > 0) {
        stats.faults.delayed += 1;
        await sleep(faults.latencyMs, undefined, { signal: closing.signal });
      }
      if (faults.outage) {
        stats.faults.outage += 1;
        throw new ProviderError(503, 'SERVICE_UNAVAILABLE', 'The ticketing service is unavailable. Try again later.');
      }
      if (!hasApiKey(request.headers['x-api-key'], apiKey)) {
        stats.unauthorized += 1;
        throw new ProviderError(401, 'UNAUTHORIZED', 'A valid X-Api-Key header is required.');
      }
      const [resource, id, ...rest] = path;
      if (resource !== 'issuances' || rest.length > 0)
        throw new ProviderError(404, 'NOT_FOUND', `No route ${describe}`);
      if (id !== undefined) {
        if (method !== 'GET')
          throw new ProviderError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here; use GET.`);
        const stored = byId.get(id);
        if (!stored) throw new ProviderError(404, 'NOT_FOUND', `No issuance ${id}.`);
        return reply(response, 200, publicIssuance(stored.record), requestId);
      }
      if (method !== 'POST')
        throw new ProviderError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here; use POST.`);
      return await issue(request, response, requestId);
    } catch (error) {
      if (closing.signal.aborted) {
        response.destroy();
        return;
      }
      if (!(error instanceof ProviderError)) throw error;
      if (error.status === 400 || error.status === 404 || error.status === 405 || error.status === 413)
        stats.rejected += 1;
      log?.(`${describe} → ${error.status} ${error.code}`);
      sendJson(response, error.status, errorBody(error.code, error.message, error.details), {
        'X-Request-Id': requestId,
        ...(error.status === 503 ? { 'Retry-After': '1' } : {}),
        ...(error.status === 413 ? { Connection: 'close' } : {}),
      });
    }
  }

  async function issue(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
    const idempotencyKey = singleHeader(request.headers['idempotency-key']);
    if (idempotencyKey === undefined)
      throw new ProviderError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'The Idempotency-Key header is required.');
    if (idempotencyKey.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
      throw new ProviderError(
        400,
        'IDEMPOTENCY_KEY_INVALID',
        `The Idempotency-Key header must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters long.`,
      );
    }
    let text: string;
    try {
      text = await readBody(request, BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw new ProviderError(413, 'PAYLOAD_TOO_LARGE', error.message);
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ProviderError(400, 'INVALID_JSON', 'The body must be JSON.');
    }
    const checked = checkIssuanceRequest(body);
    if (!checked.ok)
      throw new ProviderError(
        400,
        'VALIDATION_FAILED',
        `Invalid issuance request: ${checked.problems.join('; ')}.`,
        checked.problems,
      );

    // Both rolls happen on every call, so a seed gives the same sequence whatever the rates are.
    const fails = random() < faults.failureRate;
    const hangs = random() < faults.timeoutRate;
    if (fails) {
      stats.faults.failures += 1;
      throw new ProviderError(
        503,
        'SERVICE_UNAVAILABLE',
        'The ticketing service is temporarily unavailable. Try again later.',
      );
    }

    const fingerprint = canonicalJson(checked.request);
    const existing = byKey.get(idempotencyKey);
    let status: 200 | 201;
    let stored: StoredIssuance;
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        stats.conflicts += 1;
        throw new ProviderError(
          409,
          'IDEMPOTENCY_CONFLICT',
          'This Idempotency-Key was already used with a different request body.',
        );
      }
      existing.record = { ...existing.record, replays: existing.record.replays + 1 };
      stats.replayed += 1;
      stored = existing;
      status = 200;
    } else {
      const { orderId, eventId, items } = checked.request;
      const record: IssuanceRecord = {
        issuanceId: `iss_${randomString(BASE62, 20)}`,
        orderId,
        eventId,
        tickets: items.flatMap((item) =>
          Array.from({ length: item.quantity }, () => ({ code: codes.next(), ticketTypeId: item.ticketTypeId })),
        ),
        issuedAt: new Date().toISOString(),
        idempotencyKey,
        correlationId: singleHeader(request.headers['x-correlation-id']) ?? null,
        replays: 0,
      };
      stored = { fingerprint, record };
      byKey.set(idempotencyKey, stored);
      byId.set(record.issuanceId, stored);
      stats.issued += 1;
      status = 201;
    }

    if (hangs) {
      // The tickets exist now, but the caller never hears so: only an idempotent retry gets them.
      stats.faults.timeouts += 1;
      log?.(
        `POST /v1/issuances ${stored.record.orderId} → issued ${stored.record.issuanceId}, not answering (timeout fault)`,
      );
      const timer = setTimeout(() => {
        hanging.delete(timer);
        response.destroy();
      }, hangMs);
      hanging.add(timer);
      response.on('close', () => {
        clearTimeout(timer);
        hanging.delete(timer);
      });
      return;
    }
    log?.(
      `POST /v1/issuances ${stored.record.orderId} → ${status} ${stored.record.issuanceId}${status === 200 ? ' (replayed)' : ''}`,
    );
    reply(
      response,
      status,
      publicIssuance(stored.record),
      requestId,
      status === 200 ? { 'Idempotent-Replayed': 'true' } : {},
    );
  }

  async function handleControl(request: IncomingMessage, response: ServerResponse, path: string[]): Promise<void> {
    const method = request.method ?? 'GET';
    const route = `${method} ${path.join('/')}`;
    try {
      switch (route) {
        case 'GET issuances':
          return sendJson(response, 200, emulator.issuances());
        case 'GET faults':
          return sendJson(response, 200, faults);
        case 'POST faults': {
          let body: unknown;
          try {
            body = JSON.parse(await readBody(request, BODY_LIMIT));
          } catch (error) {
            if (error instanceof BodyTooLargeError) throw error;
            throw new FaultConfigError('the body must be JSON');
          }
          return sendJson(response, 200, emulator.setFaults(body as FaultConfig));
        }
        case 'POST reset':
          emulator.reset();
          return sendJson(response, 200, { reset: true });
        default:
          return sendJson(
            response,
            404,
            errorBody('NOT_FOUND', `No control endpoint ${method} /_control/${path.join('/')}`),
          );
      }
    } catch (error) {
      if (error instanceof FaultConfigError) return sendJson(response, 400, errorBody('INVALID_FAULTS', error.message));
      if (error instanceof BodyTooLargeError)
        return sendJson(response, 413, errorBody('PAYLOAD_TOO_LARGE', error.message), { Connection: 'close' });
      throw error;
    }
  }

  const emulator: FulfillmentEmulator = {
    url: address.url,
    port: address.port,
    apiKey,
    async close() {
      closing.abort();
      for (const timer of hanging) clearTimeout(timer);
      hanging.clear();
      await closeServer(server);
    },
    setFaults(changes) {
      faults = withFaults(faults, changes);
      log?.(`faults now ${JSON.stringify(faults)}`);
      return faults;
    },
    faults: () => faults,
    issuances() {
      const issuances = [...byKey.values()].map((stored) => structuredClone(stored.record));
      const issuedPerOrder: Record<string, number> = {};
      for (const issuance of issuances) issuedPerOrder[issuance.orderId] = (issuedPerOrder[issuance.orderId] ?? 0) + 1;
      return {
        issuances,
        issuedPerOrder,
        duplicateOrders: Object.entries(issuedPerOrder)
          .filter(([, count]) => count > 1)
          .map(([orderId]) => orderId),
        stats: structuredClone(stats),
      };
    },
    reset() {
      byKey.clear();
      byId.clear();
      codes.reset();
      stats = emptyStats();
      faults = initialFaults;
      random = newRandom();
    },
  };
  return emulator;
}

function publicIssuance(record: IssuanceRecord): Issuance {
  return {
    issuanceId: record.issuanceId,
    orderId: record.orderId,
    eventId: record.eventId,
    tickets: record.tickets,
    issuedAt: record.issuedAt,
  };
}

function reply(
  response: ServerResponse,
  status: number,
  body: Issuance,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, body, { 'X-Request-Id': requestId, ...headers });
}

function errorBody(
  code: string,
  message: string,
  details?: string[],
): { error: { code: string; message: string; details?: string[] } } {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** Constant-time comparison, as a real provider would do. */
function hasApiKey(header: string | string[] | undefined, expected: string): boolean {
  const given = Buffer.from(singleHeader(header) ?? '', 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
