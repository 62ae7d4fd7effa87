import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient, type Schemas } from '@tth/contracts';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoLocalClient } from '@tth/emulators';
import { deadLetterReport } from '@tth/local-api';
import { descendantProcesses, isProcessAlive } from './process-tree';
import { startLocalStack, type LocalStack } from './stack';

// One whole stack for this file (handlers read their settings once per process), on free ports.
let stack: LocalStack;
let api: ApiClient;
let stoppedChildren: number[] = [];
const progress: string[] = [];

const loopback = (url: string) => url.replace('//localhost:', '//127.0.0.1:');

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { storefront: 0, api: 0, docs: 0, stripeEmulator: 0, fulfillmentEmulator: 0, cognito: 0, dynamodb: 0 },
    storefront: 'dev',
    sweepIntervalMs: 60_000,
    fulfillmentRetries: { maxRetries: 1, backoff: { baseDelayMs: 50, maxDelayMs: 100 }, pollIntervalMs: 100 },
    handlerEnv: { FULFILLMENT_HTTP_ATTEMPTS: '1', FULFILLMENT_MAX_ATTEMPTS: '2', FULFILLMENT_BACKOFF_BASE_MS: '10' },
    env: { LOG_LEVEL: 'ERROR' },
    output: { line: (text) => progress.push(text) },
  });
  api = createApiClient(loopback(stack.urls.api));
});

afterAll(async () => {
  await stack?.stop();
});

async function placeOrder(
  eventId: string,
  ticketTypeId: string,
  quantity: number,
): Promise<Schemas['CreateOrderResponse']> {
  const { data, error } = await api.POST('/orders', {
    params: { header: { 'Idempotency-Key': `local-stack-${randomUUID()}` } },
    body: {
      eventId,
      customer: { name: 'Stack Test', email: 'stack.test@example.com' },
      items: [{ ticketTypeId, quantity }],
    },
  });
  if (!data) throw new Error(`createOrder failed: ${JSON.stringify(error)}`);
  return data;
}

async function orderStatusBecomes(
  order: Schemas['CreateOrderResponse'],
  expected: Schemas['OrderStatus'],
  timeoutMs = 20_000,
): Promise<Schemas['Order']> {
  const deadline = Date.now() + timeoutMs;
  let last: Schemas['Order'] | undefined;
  while (Date.now() < deadline) {
    const { data } = await api.GET('/orders/{orderId}', {
      params: { path: { orderId: order.orderId }, header: { 'X-Order-Token': order.orderToken } },
    });
    last = data;
    if (data?.status === expected) return data;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`Order ${order.orderId} did not become ${expected} (last: ${last?.status})`);
}

const sessionIdOf = (checkoutUrl: string) => new URL(checkoutUrl).pathname.split('/').at(-1) ?? '';

describe('the local stack', () => {
  it('reports each component it started with a ✓ line, in start order', () => {
    const started = progress
      .filter((line) => line.includes('✓'))
      .map((line) => line.replace(/^\s+✓ /, '').split(/\s{2,}/)[0]);

    expect(started).toEqual([
      'DynamoDB Local',
      'Tables and demo catalog',
      'Stripe emulator',
      'Fulfillment emulator',
      'Cognito (cognito-local)',
      'API',
      'Fulfillment stream poller',
      'Order events',
      'Hold-expiry sweep',
      'API docs',
      'Storefront (Vite dev server)',
    ]);
  });

  it("signs the seeded organizer in to cognito-local, and the API's organizer operation knows who it is", async () => {
    // Arrange
    const { organizerPool } = stack;
    const cognito = cognitoLocalClient(stack.urls.cognito);
    const signedIn = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: organizerPool.clientId,
        AuthParameters: { USERNAME: organizerPool.organizer.email, PASSWORD: organizerPool.organizer.password },
      }),
    );
    cognito.destroy();

    // Act
    const withToken = await api.GET('/admin/session', {
      headers: { Authorization: `Bearer ${signedIn.AuthenticationResult?.IdToken}` },
    });
    const withAccessToken = await api.GET('/admin/session', {
      headers: { Authorization: `Bearer ${signedIn.AuthenticationResult?.AccessToken}` },
    });

    // Assert
    expect(withToken.response.status).toBe(200);
    expect(withToken.data).toMatchObject({ email: organizerPool.organizer.email, groups: ['organizers'] });
    expect(withAccessToken.response.status).toBe(401);
    expect(stack.contractViolations()).toEqual([]);
  });

  it('serves the seeded demo catalog through the API', async () => {
    const { data, response } = await api.GET('/events', {});

    expect(response.status).toBe(200);
    expect(data?.items.map((event) => event.id)).toEqual(
      expect.arrayContaining(['aurora-nights-festival', 'harbour-jazz-sessions', 'late-laughs-comedy-night']),
    );
  });

  it('runs every component on its own free port, none on the defaults', () => {
    const ports = Object.values(stack.ports);

    expect(new Set(ports).size).toBe(ports.length);
    expect(ports).not.toContain(3000);
    expect(ports).not.toContain(5173);
  });

  it("points the storefront dev server at the stack's API", async () => {
    const index = await fetch(loopback(stack.urls.storefront ?? ''));
    const env = await fetch(`${loopback(stack.urls.storefront ?? '')}/src/main.ts`).then((response) => response.text());

    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="app">');
    expect(env).toContain(stack.urls.api);
  });

  it("answers on the docs page, the emulators' health checks and the fault-injection endpoint", async () => {
    const answers = await Promise.all(
      [
        stack.urls.apiDocs ?? '',
        `${stack.urls.stripeEmulator}/_health`,
        `${stack.urls.fulfillmentEmulator}/_health`,
        stack.urls.fulfillmentControl,
      ].map((url) => fetch(loopback(url)).then((response) => response.status)),
    );

    expect(answers).toEqual([200, 200, 200, 200]);
  });

  it('takes a paid order all the way to FULFILLED: webhook to the API, Orders stream to the worker, tickets from the provider', async () => {
    const order = await placeOrder('late-laughs-comedy-night', 'admission', 2);

    stack.stripe.pay(sessionIdOf(order.checkoutUrl), '4242 4242 4242 4242');
    const fulfilled = await orderStatusBecomes(order, 'FULFILLED');

    expect(fulfilled.tickets).toHaveLength(2);
    expect(stack.fulfillment.issuances().issuedPerOrder[order.orderId]).toBe(1);
  });

  it('parks an order the provider cannot serve as FULFILLMENT_FAILED, and redriveFulfillment() issues it after recovery', async () => {
    stack.fulfillment.setFaults({ outage: true });
    const order = await placeOrder('late-laughs-comedy-night', 'admission', 1);
    stack.stripe.pay(sessionIdOf(order.checkoutUrl), '4242 4242 4242 4242');
    await orderStatusBecomes(order, 'FULFILLMENT_FAILED');
    stack.fulfillment.setFaults({ outage: false });

    const redrive = await stack.redriveFulfillment({ orderIds: [order.orderId] });
    const fulfilled = await orderStatusBecomes(order, 'FULFILLED');

    expect(redrive.requeued).toEqual([order.orderId]);
    expect(fulfilled.tickets).toHaveLength(1);
    expect(stack.deadLetters().some((letter) => letter.orderId === order.orderId)).toBe(true);
    // The redrive CLI's report: the dead letters this in-memory stack holds, not a missing file's 0.
    expect(await deadLetterReport(loopback(stack.urls.api), '/no/such/dead-letters.jsonl')).toBe(
      `Local fulfillment dead letters so far: ${stack.deadLetters().length} (in the running stack's memory; \`npm start -- --persist\` keeps them in a file).`,
    );
  });

  it('refuses to start a second stack in the same process', async () => {
    await expect(
      startLocalStack({
        ports: { api: 0, storefront: 0, docs: 0, stripeEmulator: 0, fulfillmentEmulator: 0, cognito: 0, dynamodb: 0 },
      }),
    ).rejects.toThrow('A local stack is already running in this process: stop it first.');
  });

  it('runs the hold-expiry sweep on demand', async () => {
    const result = await stack.sweepHolds();

    expect(result).toEqual({
      expired: expect.any(Number),
      skipped: expect.any(Number),
      stuckOrders: expect.any(Number),
    });
  });

  it('sent no response that violates openapi.yaml', () => {
    expect(stack.contractViolations()).toEqual([]);
  });

  it("stops everything: DynamoDB Local's JVM and watchdog exit and no child process is left", async () => {
    const children = stack.childProcessIds();
    expect(children.length).toBeGreaterThanOrEqual(2);

    await stack.stop();
    stoppedChildren = children;

    expect(stoppedChildren.filter(isProcessAlive)).toEqual([]);
    expect(descendantProcesses(process.pid).filter((child) => /java|sh/.test(child.command))).toEqual([]);
    await expect(fetch(loopback(stack.urls.api))).rejects.toThrow();
  });
});
