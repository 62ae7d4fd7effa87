import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_FULFILLMENT_API_KEY } from './constants';
import type { Issuance } from '@tth/contracts/fulfillment-provider';
import { startFulfillmentEmulator, type FulfillmentEmulator, type FulfillmentEmulatorOptions } from './emulator';
import { TICKET_CODE_PATTERN } from './ticket-codes';

const running: FulfillmentEmulator[] = [];

afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.close();
});

async function start(options: FulfillmentEmulatorOptions = {}): Promise<FulfillmentEmulator> {
  const emulator = await startFulfillmentEmulator({ port: 0, ...options });
  running.push(emulator);
  return emulator;
}

function orderBody(orderId: string, items = [{ ticketTypeId: 'tt_standing', quantity: 2 }]): Record<string, unknown> {
  return { orderId, eventId: 'evt_heavenly_nights', items };
}

interface CallOptions {
  readonly key?: string | null;
  readonly apiKey?: string | null;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly signal?: AbortSignal;
}

async function issue(emulator: FulfillmentEmulator, orderId: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const apiKey = options.apiKey === undefined ? LOCAL_FULFILLMENT_API_KEY : options.apiKey;
  const key = options.key === undefined ? orderId : options.key;
  if (apiKey !== null) headers['X-Api-Key'] = apiKey;
  if (key !== null) headers['Idempotency-Key'] = key;
  return fetch(`${emulator.url}/v1/issuances`, {
    method: 'POST',
    headers,
    body: options.rawBody ?? JSON.stringify(options.body ?? orderBody(orderId)),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

async function control(emulator: FulfillmentEmulator, method: string, path: string, body?: string): Promise<Response> {
  return fetch(`${emulator.url}/_control/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body } : {}),
  });
}

describe('authentication and request checks', () => {
  it.each([
    ['no X-Api-Key', null],
    ['a wrong X-Api-Key', 'ful_wrong'],
  ])('answers 401 with a JSON error for %s, issuing nothing', async (_case, apiKey) => {
    const emulator = await start();

    const response = await issue(emulator, 'ord_1', { apiKey });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: 'A valid X-Api-Key header is required.' },
    });
    expect(emulator.issuances().issuances).toEqual([]);
  });

  it('requires an Idempotency-Key', async () => {
    const emulator = await start();

    const response = await issue(emulator, 'ord_1', { key: null });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REQUIRED' } });
  });

  it.each([
    [
      'a missing orderId',
      { eventId: 'evt_1', items: [{ ticketTypeId: 'tt_1', quantity: 1 }] },
      'orderId must be a string',
    ],
    ['no items', orderBody('ord_1', []), 'items must have 1 to 50 entries'],
    [
      'a zero quantity',
      orderBody('ord_1', [{ ticketTypeId: 'tt_1', quantity: 0 }]),
      'items[0].quantity must be an integer from 1 to 100',
    ],
    [
      'a fractional quantity',
      orderBody('ord_1', [{ ticketTypeId: 'tt_1', quantity: 1.5 }]),
      'items[0].quantity must be an integer from 1 to 100',
    ],
    ['an extra property', { ...orderBody('ord_1'), price: 10 }, 'unknown property "price"'],
    ['a huge id', orderBody('x'.repeat(500)), 'orderId must be 1 to 128 letters, digits or . _ : -'],
    ['an array body', [orderBody('ord_1')], 'the body must be a JSON object'],
  ])('refuses %s with 400 naming the problem', async (_case, body, problem) => {
    const emulator = await start();

    const response = await issue(emulator, 'ord_1', { body });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([problem]) },
    });
    expect(emulator.issuances().stats).toMatchObject({ issued: 0, rejected: 1 });
  });

  it('refuses a body that is not JSON, and one that is too large', async () => {
    const emulator = await start();

    const notJson = await issue(emulator, 'ord_1', { rawBody: '{"orderId":' });
    const tooLarge = await issue(emulator, 'ord_2', { rawBody: JSON.stringify({ padding: 'x'.repeat(100_000) }) });

    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });
    expect(tooLarge.status).toBe(413);
  });
});

describe('issuing tickets', () => {
  it('issues one unique code per seat and serves the issuance again by id', async () => {
    const emulator = await start();

    const response = await issue(emulator, 'ord_1', {
      body: orderBody('ord_1', [
        { ticketTypeId: 'tt_standing', quantity: 3 },
        { ticketTypeId: 'tt_vip', quantity: 1 },
      ]),
    });
    const issuance = (await response.json()) as Issuance;
    const fetched = await fetch(`${emulator.url}/v1/issuances/${issuance.issuanceId}`, {
      headers: { 'X-Api-Key': LOCAL_FULFILLMENT_API_KEY },
    });

    expect(response.status).toBe(201);
    expect(issuance).toMatchObject({
      issuanceId: expect.stringMatching(/^iss_/),
      orderId: 'ord_1',
      eventId: 'evt_heavenly_nights',
    });
    expect(issuance.tickets.map((ticket) => ticket.ticketTypeId)).toEqual([
      'tt_standing',
      'tt_standing',
      'tt_standing',
      'tt_vip',
    ]);
    expect(issuance.tickets.every((ticket) => TICKET_CODE_PATTERN.test(ticket.code))).toBe(true);
    expect(new Set(issuance.tickets.map((ticket) => ticket.code)).size).toBe(4);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(issuance);
  });

  it('never hands out the same code twice across orders', async () => {
    const emulator = await start();

    const issuances = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, index) =>
          (
            await issue(emulator, `ord_${index}`, {
              body: orderBody(`ord_${index}`, [{ ticketTypeId: 'tt_1', quantity: 10 }]),
            })
          ).json() as Promise<Issuance>,
      ),
    );

    const codes = issuances.flatMap((issuance) => issuance.tickets.map((ticket) => ticket.code));
    expect(codes).toHaveLength(200);
    expect(new Set(codes).size).toBe(200);
  });

  it('replays the same issuance for the same key and body, with Idempotent-Replayed', async () => {
    const emulator = await start();
    const first = (await (await issue(emulator, 'ord_1')).json()) as Issuance;

    const again = await issue(emulator, 'ord_1');

    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(first);
    expect(emulator.issuances()).toMatchObject({
      issuedPerOrder: { ord_1: 1 },
      duplicateOrders: [],
      stats: { issued: 1, replayed: 1 },
    });
  });

  it('issues once for twenty concurrent calls with the same key', async () => {
    const emulator = await start();

    const responses = await Promise.all(Array.from({ length: 20 }, () => issue(emulator, 'ord_1')));
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as Issuance[];

    expect(responses.map((response) => response.status).sort()).toEqual([
      ...Array.from({ length: 19 }, () => 200),
      201,
    ]);
    expect(new Set(bodies.map((body) => body.issuanceId)).size).toBe(1);
    expect(emulator.issuances().issuedPerOrder).toEqual({ ord_1: 1 });
  });

  it('answers 409 for the same key with a different body', async () => {
    const emulator = await start();
    await issue(emulator, 'ord_1');

    const conflict = await issue(emulator, 'ord_1', {
      body: orderBody('ord_1', [{ ticketTypeId: 'tt_standing', quantity: 3 }]),
    });

    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_CONFLICT' } });
    expect(emulator.issuances().stats).toMatchObject({ issued: 1, conflicts: 1 });
  });

  it('shows an order issued twice under two keys as a duplicate in the log', async () => {
    const emulator = await start();

    await issue(emulator, 'ord_1', { key: 'first-key' });
    await issue(emulator, 'ord_1', { key: 'second-key' });

    expect(emulator.issuances()).toMatchObject({ issuedPerOrder: { ord_1: 2 }, duplicateOrders: ['ord_1'] });
  });
});

describe('fault injection', () => {
  it('answers every call 503 during an outage, stays healthy, and recovers when the outage ends', async () => {
    const emulator = await start({ faults: { outage: true } });

    const during = await issue(emulator, 'ord_1');
    const health = await fetch(`${emulator.url}/_health`);
    emulator.setFaults({ outage: false });
    const after = await issue(emulator, 'ord_1');

    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('1');
    expect(await during.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(health.status).toBe(200);
    expect(after.status).toBe(201);
    expect(emulator.issuances().stats).toMatchObject({ calls: 2, issued: 1, faults: { outage: 1 } });
  });

  it('fails before issuing at a failure rate of 1', async () => {
    const emulator = await start({ faults: { failureRate: 1 } });

    const responses = await Promise.all([1, 2, 3].map((n) => issue(emulator, `ord_${n}`)));

    expect(responses.map((response) => response.status)).toEqual([503, 503, 503]);
    expect(emulator.issuances()).toMatchObject({ issuances: [], stats: { issued: 0, faults: { failures: 3 } } });
  });

  it('fails a seeded, repeatable share of calls at a failure rate of 0.5', async () => {
    const first = await start({ seed: 42, faults: { failureRate: 0.5 } });
    const second = await start({ seed: 42, faults: { failureRate: 0.5 } });
    const statusesOf = async (emulator: FulfillmentEmulator): Promise<number[]> => {
      const statuses: number[] = [];
      for (let index = 0; index < 40; index++) statuses.push((await issue(emulator, `ord_${index}`)).status);
      return statuses;
    };

    const firstRun = await statusesOf(first);
    const secondRun = await statusesOf(second);

    expect(secondRun).toEqual(firstRun);
    expect(firstRun.filter((status) => status === 503).length).toBeGreaterThan(5);
    expect(firstRun.filter((status) => status === 201).length).toBeGreaterThan(5);
    expect(first.issuances().stats.issued).toBe(firstRun.filter((status) => status === 201).length);
  });

  it('issues and then never answers at a timeout rate of 1; an idempotent retry gets the same tickets', async () => {
    const emulator = await start({ faults: { timeoutRate: 1 } });

    const timedOut = await issue(emulator, 'ord_1', { signal: AbortSignal.timeout(200) }).then(
      () => 'answered',
      (error: unknown) => (error as Error).name,
    );
    const issuedWhileSilent = emulator.issuances().issuances;
    emulator.setFaults({ timeoutRate: 0 });
    const retry = await issue(emulator, 'ord_1');

    expect(timedOut).toBe('TimeoutError');
    expect(issuedWhileSilent).toHaveLength(1);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as Issuance).tickets).toEqual(issuedWhileSilent[0]!.tickets);
    expect(emulator.issuances()).toMatchObject({ issuedPerOrder: { ord_1: 1 }, stats: { faults: { timeouts: 1 } } });
  });

  it('drops a silent call’s connection after hangMs instead of holding it forever', async () => {
    const emulator = await start({ faults: { timeoutRate: 1 }, hangMs: 20 });

    const outcome = await issue(emulator, 'ord_1').then(
      (response) => response.status,
      (error: unknown) => (error as Error).message,
    );

    expect(outcome).toBe('fetch failed');
  });

  it('closes promptly while a call is being held open', async () => {
    const emulator = await startFulfillmentEmulator({ port: 0, faults: { timeoutRate: 1 } });
    const pending = issue(emulator, 'ord_1').catch((error: unknown) => error);
    await waitUntil(() => emulator.issuances().stats.faults.timeouts === 1);

    await emulator.close();

    expect(await pending).toBeInstanceOf(Error);
  });

  it('still answers correctly when every call is slowed down', async () => {
    const emulator = await start({ faults: { latencyMs: 20 } });

    const response = await issue(emulator, 'ord_1');

    expect(response.status).toBe(201);
    expect(emulator.issuances().stats.faults.delayed).toBe(1);
  });
});

describe('the control API over HTTP', () => {
  it('sets faults, shows the issuance log and resets', async () => {
    const emulator = await start();
    await issue(emulator, 'ord_1');

    const set = await control(emulator, 'POST', 'faults', JSON.stringify({ failureRate: 0.25, latencyMs: 5 }));
    const log = await control(emulator, 'GET', 'issuances');
    const reset = await control(emulator, 'POST', 'reset');

    expect(await set.json()).toEqual({ failureRate: 0.25, timeoutRate: 0, latencyMs: 5, outage: false });
    expect(await log.json()).toMatchObject({
      issuedPerOrder: { ord_1: 1 },
      issuances: [expect.objectContaining({ orderId: 'ord_1', idempotencyKey: 'ord_1', replays: 0 })],
    });
    expect(reset.status).toBe(200);
    expect(emulator.issuances().issuances).toEqual([]);
    expect(emulator.faults()).toEqual({ failureRate: 0, timeoutRate: 0, latencyMs: 0, outage: false });
  });

  it.each([
    ['a rate above 1', JSON.stringify({ failureRate: 2 }), 'failureRate must be a number from 0 to 1'],
    [
      'an unknown fault',
      JSON.stringify({ chaos: true }),
      'unknown fault "chaos" (known: failureRate, timeoutRate, latencyMs, outage)',
    ],
    ['a body that is not JSON', 'outage=1', 'the body must be JSON'],
  ])('refuses %s with 400 and leaves the faults unchanged', async (_case, body, message) => {
    const emulator = await start();

    const response = await control(emulator, 'POST', 'faults', body);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'INVALID_FAULTS', message } });
    expect(emulator.faults()).toEqual({ failureRate: 0, timeoutRate: 0, latencyMs: 0, outage: false });
  });

  it('refuses invalid faults given as options', async () => {
    await expect(startFulfillmentEmulator({ port: 0, faults: { timeoutRate: -1 } })).rejects.toThrow(
      'timeoutRate must be a number from 0 to 1',
    );
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 200) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
