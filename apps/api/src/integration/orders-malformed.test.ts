import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationId } from '@tth/contracts';
import { validateResponse } from '@tth/contracts/response-validation';
import { createIsolatedTables, seedCatalog, type IsolatedTables } from '@tth/data/testing';
import { silentLogger } from '@tth/runtime';
import { startLocalApi, type LocalApi } from '@tth/local-api';

/**
 * 200+ malformed requests against the orders and webhook functions through the local API:
 * every answer must be a 4xx in the contract's Error schema, never a 5xx, and nothing may be
 * written. Stripe points at a closed port: no malformed request may get as far as Stripe.
 */

interface MalformedCase {
  readonly label: string;
  readonly operationId: OperationId;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

const EVENT_ID = 'fuzz-fest';
const VALID_ORDER_ID = 'ord_01JD0000000000000000000000';
const VALID_TOKEN = 'A'.repeat(43);
const validBody = {
  eventId: EVENT_ID,
  customer: { name: 'Ada', email: 'ada@example.com' },
  items: [{ ticketTypeId: 'standing', quantity: 1 }],
};
let keyCounter = 0;
const freshKey = () => `fuzz-key-${Date.now()}-${++keyCounter}`;

function createOrderCase(label: string, body: unknown, headers: Record<string, string> = {}): MalformedCase {
  return {
    label,
    operationId: 'createOrder',
    method: 'POST',
    path: '/orders',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': freshKey(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const withCustomer = (customer: unknown) => ({ ...validBody, customer });
const withItems = (items: unknown) => ({ ...validBody, items });
const withItem = (item: unknown) => ({ ...validBody, items: [item] });

function bodyCases(): MalformedCase[] {
  const long = (n: number) => 'x'.repeat(n);
  const bodies: [string, unknown][] = [
    // wrong types
    ['eventId number', { ...validBody, eventId: 42 }],
    ['eventId null', { ...validBody, eventId: null }],
    ['eventId array', { ...validBody, eventId: ['fuzz-fest'] }],
    ['customer string', withCustomer('ada@example.com')],
    ['customer array', withCustomer([])],
    ['customer null', withCustomer(null)],
    ['items object', withItems({ ticketTypeId: 'standing', quantity: 1 })],
    ['items string', withItems('standing')],
    ['items null', withItems(null)],
    ['quantity string', withItem({ ticketTypeId: 'standing', quantity: '1' })],
    ['quantity float', withItem({ ticketTypeId: 'standing', quantity: 1.5 })],
    ['quantity zero', withItem({ ticketTypeId: 'standing', quantity: 0 })],
    ['quantity negative', withItem({ ticketTypeId: 'standing', quantity: -1 })],
    ['quantity above 10', withItem({ ticketTypeId: 'standing', quantity: 11 })],
    ['quantity huge', withItem({ ticketTypeId: 'standing', quantity: 1e300 })],
    ['quantity boolean', withItem({ ticketTypeId: 'standing', quantity: true })],
    ['ticketTypeId number', withItem({ ticketTypeId: 7, quantity: 1 })],
    ['name number', withCustomer({ name: 123, email: 'ada@example.com' })],
    ['email number', withCustomer({ name: 'Ada', email: 5 })],
    ['item string', withItems(['standing'])],
    ['item null', withItems([null])],
    // extra properties
    ['extra top-level property', { ...validBody, price: 1 }],
    ['extra total override', { ...validBody, totals: { total: 0 } }],
    ['extra customer property', withCustomer({ name: 'Ada', email: 'ada@example.com', admin: true })],
    ['extra item property (price)', withItem({ ticketTypeId: 'standing', quantity: 1, unitPrice: 1 })],
    [
      '__proto__ property',
      JSON.parse(
        '{"eventId":"fuzz-fest","customer":{"name":"Ada","email":"ada@example.com"},"items":[{"ticketTypeId":"standing","quantity":1}],"__proto__":{"x":1}}',
      ) as unknown,
    ],
    // missing fields
    ['missing eventId', { customer: validBody.customer, items: validBody.items }],
    ['missing customer', { eventId: EVENT_ID, items: validBody.items }],
    ['missing items', { eventId: EVENT_ID, customer: validBody.customer }],
    ['missing customer name', withCustomer({ email: 'ada@example.com' })],
    ['missing customer email', withCustomer({ name: 'Ada' })],
    ['missing ticketTypeId', withItem({ quantity: 1 })],
    ['missing quantity', withItem({ ticketTypeId: 'standing' })],
    ['empty object', {}],
    ['empty items', withItems([])],
    ['eleven items', withItems(Array.from({ length: 11 }, (_, i) => ({ ticketTypeId: `type-${i}`, quantity: 1 })))],
    // bad values
    ['blank name', withCustomer({ name: '   ', email: 'ada@example.com' })],
    ['empty name', withCustomer({ name: '', email: 'ada@example.com' })],
    ['not an email', withCustomer({ name: 'Ada', email: 'ada' })],
    ['email with spaces', withCustomer({ name: 'Ada', email: 'a da@example.com' })],
    ['email too long', withCustomer({ name: 'Ada', email: `${long(250)}@example.com` })],
    ['name too long', withCustomer({ name: long(101), email: 'ada@example.com' })],
    // huge strings
    ['huge eventId', { ...validBody, eventId: long(10_000) }],
    ['huge name', withCustomer({ name: long(20_000), email: 'ada@example.com' })],
    ['huge ticketTypeId', withItem({ ticketTypeId: long(5_000), quantity: 1 })],
    ['body over the size limit', withCustomer({ name: long(100_000), email: 'ada@example.com' })],
    // bad ids
    ['eventId upper case', { ...validBody, eventId: 'FUZZ-FEST' }],
    ['eventId with slash', { ...validBody, eventId: 'fuzz/fest' }],
    ['eventId with unicode', { ...validBody, eventId: 'füzz-fest' }],
    ['eventId too short', { ...validBody, eventId: 'fz' }],
    ['eventId leading dash', { ...validBody, eventId: '-fuzz-fest' }],
    ['eventId SQL-ish', { ...validBody, eventId: "fuzz' OR 1=1" }],
    ['ticketTypeId upper case', withItem({ ticketTypeId: 'STANDING', quantity: 1 })],
    ['ticketTypeId with space', withItem({ ticketTypeId: 'stand ing', quantity: 1 })],
    ['unknown event (well-formed)', { ...validBody, eventId: 'no-such-event' }],
    ['unknown ticket type (well-formed)', withItem({ ticketTypeId: 'balcony', quantity: 1 })],
    [
      'duplicate ticket types',
      withItems([
        { ticketTypeId: 'standing', quantity: 1 },
        { ticketTypeId: 'standing', quantity: 1 },
      ]),
    ],
    ['quantity above maxPerOrder', withItem({ ticketTypeId: 'standing', quantity: 5 })],
    ['sale not open', { ...validBody, eventId: 'future-fest' }],
    ['sold out', { ...validBody, eventId: 'gone-fest' }],
    // bad JSON
    ['truncated JSON', '{"eventId":"fuzz-fest",'],
    ['JSON null', 'null'],
    ['JSON array', '[]'],
    ['JSON string', '"order"'],
    ['JSON number', '123'],
    ['JSON true', 'true'],
    ['empty body', ''],
    ['whitespace body', '   \n '],
    ['missing value', '{"eventId":}'],
    ['trailing garbage', `${JSON.stringify(validBody)}xyz`],
    ['single quotes', "{'eventId':'fuzz-fest'}"],
    ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['NaN literal', '{"eventId":"fuzz-fest","items":[{"ticketTypeId":"standing","quantity":NaN}]}'],
    ['binary garbage', '\u0000\u0001\u0002\uFFFD'],
    ['XML', '<order><eventId>fuzz-fest</eventId></order>'],
  ];
  return bodies.map(([label, body]) => createOrderCase(`createOrder: ${label}`, body));
}

/** Every required field replaced by every wrong JSON type. */
function typeMatrixCases(): MalformedCase[] {
  const wrongValues: [string, unknown][] = [
    ['zero', 0],
    ['boolean', true],
    ['null', null],
    ['array', []],
    ['object', {}],
    ['empty string', ''],
  ];
  const fields: [string, (value: unknown) => unknown][] = [
    ['eventId', (value) => ({ ...validBody, eventId: value })],
    ['customer', (value) => withCustomer(value)],
    ['customer.name', (value) => withCustomer({ ...validBody.customer, name: value })],
    ['customer.email', (value) => withCustomer({ ...validBody.customer, email: value })],
    ['items', (value) => withItems(value)],
    ['items[0].ticketTypeId', (value) => withItem({ ticketTypeId: value, quantity: 1 })],
    ['items[0].quantity', (value) => withItem({ ticketTypeId: 'standing', quantity: value })],
  ];
  return fields.flatMap(([field, place]) =>
    wrongValues.map(([kind, value]) => createOrderCase(`createOrder: ${field} as ${kind}`, place(value))),
  );
}

/** Unknown properties at every level of the body. */
function extraPropertyCases(): MalformedCase[] {
  const names = ['x', 'constructor', 'status'];
  return names.flatMap((name) => [
    createOrderCase(`createOrder: extra top-level "${name}"`, { ...validBody, [name]: 1 }),
    createOrderCase(`createOrder: extra customer "${name}"`, withCustomer({ ...validBody.customer, [name]: 1 })),
    createOrderCase(
      `createOrder: extra item "${name}"`,
      withItem({ ticketTypeId: 'standing', quantity: 1, [name]: 1 }),
    ),
  ]);
}

function emailCases(): MalformedCase[] {
  return ['ada@', '@example.com', 'ada@@example.com', 'ada example.com', 'ada@exa mple.com', '<ada@example.com>'].map(
    (email) => createOrderCase(`createOrder: email ${JSON.stringify(email)}`, withCustomer({ name: 'Ada', email })),
  );
}

function headerCases(): MalformedCase[] {
  const body = validBody;
  const keyless = (headers: Record<string, string>): MalformedCase => {
    const base = createOrderCase('', body);
    const { 'Idempotency-Key': _omit, ...rest } = base.headers ?? {};
    return { ...base, headers: { ...rest, ...headers } };
  };
  return [
    { ...keyless({}), label: 'createOrder: missing Idempotency-Key' },
    { ...keyless({ 'Idempotency-Key': '' }), label: 'createOrder: empty Idempotency-Key' },
    { ...keyless({ 'Idempotency-Key': 'short' }), label: 'createOrder: Idempotency-Key too short' },
    { ...keyless({ 'Idempotency-Key': 'k'.repeat(129) }), label: 'createOrder: Idempotency-Key too long' },
    { ...keyless({ 'Idempotency-Key': 'has spaces in it' }), label: 'createOrder: Idempotency-Key with spaces' },
    { ...keyless({ 'Idempotency-Key': 'semi;colon;key' }), label: 'createOrder: Idempotency-Key with semicolons' },
    { ...keyless({ 'Idempotency-Key': 'key/with/slashes' }), label: 'createOrder: Idempotency-Key with slashes' },
    { ...keyless({ 'Idempotency-Key': '../../etc/passwd' }), label: 'createOrder: Idempotency-Key path traversal' },
    { ...keyless({ 'Idempotency-Key': 'k'.repeat(4000) }), label: 'createOrder: huge Idempotency-Key' },
    { ...keyless({ 'Idempotency-Key': 'key.with.dots' }), label: 'createOrder: Idempotency-Key with dots' },
  ];
}

function orderAccessCases(): MalformedCase[] {
  const badIds = [
    'ord_short',
    'ord_01jd0000000000000000000000',
    'ORD_01JD0000000000000000000000',
    'xyz_01JD0000000000000000000000',
    'ord_01JD000000000000000000000I',
    'ord_01JD000000000000000000000L',
    'ord_01JD000000000000000000000O',
    'ord_01JD000000000000000000000U',
    'ord_01JD00000000000000000000000',
    'ord_01JD00000000000000000000',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    'ord_01JD0000000000000000000000%20',
    encodeURIComponent('ord_01JD0000000000000000000000\u202e'),
    'x'.repeat(2000),
  ];
  const badTokens = [
    'A'.repeat(42),
    'A'.repeat(44),
    `${'A'.repeat(42)}=`,
    `${'A'.repeat(42)}+`,
    `${'A'.repeat(42)}/`,
    ' '.repeat(43),
  ];
  const cases: MalformedCase[] = [];
  for (const [operationId, method, suffix] of [
    ['getOrder', 'GET', ''],
    ['cancelOrder', 'POST', '/cancel'],
  ] as const) {
    for (const id of badIds) {
      cases.push({
        label: `${operationId}: bad id ${id.slice(0, 40)}`,
        operationId,
        method,
        path: `/orders/${id}${suffix}`,
        headers: { 'X-Order-Token': VALID_TOKEN },
      });
    }
    for (const token of badTokens) {
      cases.push({
        label: `${operationId}: malformed token ${JSON.stringify(token)}`,
        operationId,
        method,
        path: `/orders/${VALID_ORDER_ID}${suffix}`,
        headers: { 'X-Order-Token': token },
      });
    }
    cases.push({
      label: `${operationId}: missing token`,
      operationId,
      method,
      path: `/orders/${VALID_ORDER_ID}${suffix}`,
    });
    cases.push({
      label: `${operationId}: unknown order, well-formed token`,
      operationId,
      method,
      path: `/orders/${VALID_ORDER_ID}${suffix}`,
      headers: { 'X-Order-Token': VALID_TOKEN },
    });
    cases.push({
      label: `${operationId}: bad id and no token`,
      operationId,
      method,
      path: `/orders/not-an-order${suffix}`,
    });
  }
  return cases;
}

function webhookCases(): MalformedCase[] {
  const event = JSON.stringify({
    id: 'evt_fuzz',
    object: 'event',
    type: 'checkout.session.completed',
    data: { object: {} },
  });
  const webhook = (label: string, body: string, headers: Record<string, string>): MalformedCase => ({
    label: `receiveStripeWebhook: ${label}`,
    operationId: 'receiveStripeWebhook',
    method: 'POST',
    path: '/webhooks/stripe',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
  const now = Math.floor(Date.now() / 1000);
  return [
    webhook('no signature header', event, {}),
    webhook('empty signature', event, { 'Stripe-Signature': '' }),
    webhook('garbage signature', event, { 'Stripe-Signature': 'garbage' }),
    webhook('signature without v1', event, { 'Stripe-Signature': `t=${now}` }),
    webhook('made-up v1', event, { 'Stripe-Signature': `t=${now},v1=${'0'.repeat(64)}` }),
    webhook('huge signature header', event, { 'Stripe-Signature': `t=${now},v1=${'a'.repeat(3000)}` }),
    webhook('bad JSON, garbage signature', '{"id":', { 'Stripe-Signature': 'garbage' }),
    webhook('empty body', '', { 'Stripe-Signature': `t=${now},v1=${'0'.repeat(64)}` }),
    webhook('JSON array body', '[]', { 'Stripe-Signature': `t=${now},v1=${'0'.repeat(64)}` }),
    webhook('non-numeric timestamp', event, { 'Stripe-Signature': `t=yesterday,v1=${'0'.repeat(64)}` }),
    webhook('v0 scheme only', event, { 'Stripe-Signature': `t=${now},v0=${'0'.repeat(64)}` }),
    webhook('signature of another body', event, { 'Stripe-Signature': `t=${now},v1=${'f'.repeat(64)}` }),
    webhook('timestamp in the future', event, { 'Stripe-Signature': `t=${now + 3600},v1=${'0'.repeat(64)}` }),
    webhook('duplicate t', event, { 'Stripe-Signature': `t=${now},t=${now},v1=${'0'.repeat(64)}` }),
    webhook('XML body', '<event/>', { 'Stripe-Signature': `t=${now},v1=${'0'.repeat(64)}` }),
    webhook('bearer instead of signature', event, { 'Stripe-Signature': 'Bearer sk_test_nope' }),
  ];
}

let db: IsolatedTables;
let api: LocalApi;

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [id, name] of Object.entries(db.tableNames)) {
    const { Count } = await db.clients.doc.send(
      new ScanCommand({ TableName: name, Select: 'COUNT', ConsistentRead: true }),
    );
    counts[id] = Count ?? 0;
  }
  return counts;
}

async function availability(): Promise<unknown[]> {
  const { Items } = await db.clients.doc.send(
    new ScanCommand({ TableName: db.tableNames.Catalog, ConsistentRead: true }),
  );
  return (Items ?? [])
    .filter((item) => String(item['sk']).startsWith('TT#'))
    .map((item) => [item['pk'], item['sk'], item['available']]);
}

beforeAll(async () => {
  db = await createIsolatedTables('orders-malformed');
  const now = Date.now();
  await seedCatalog(db.clients.doc, db.tableNames, [
    { eventId: EVENT_ID, ticketTypes: [{ ticketTypeId: 'standing', capacity: 20, maxPerOrder: 4 }] },
    {
      eventId: 'future-fest',
      onSaleAt: new Date(now + 86_400_000),
      ticketTypes: [{ ticketTypeId: 'standing', capacity: 20 }],
    },
    { eventId: 'gone-fest', ticketTypes: [{ ticketTypeId: 'standing', capacity: 1, available: 0 }] },
  ]);
  Object.assign(process.env, db.env, {
    STOREFRONT_URL: 'http://localhost:5173',
    STRIPE_SECRET_KEY: 'sk_test_malformed',
    STRIPE_WEBHOOK_SECRET: 'whsec_malformed',
    // Nothing listens here: a malformed request that reached Stripe would turn into a 503.
    STRIPE_API_BASE: 'http://127.0.0.1:9',
    LOG_LEVEL: 'ERROR',
  });
  api = await startLocalApi({ validateResponses: true, logger: silentLogger });
});
afterAll(async () => {
  await api?.close();
  await db?.cleanup();
});

describe('malformed requests to the order and webhook functions', () => {
  it('are all answered 4xx in the Error schema, with no 5xx and nothing written', async () => {
    const cases = [
      ...bodyCases(),
      ...typeMatrixCases(),
      ...extraPropertyCases(),
      ...emailCases(),
      ...headerCases(),
      ...orderAccessCases(),
      ...webhookCases(),
    ];
    const countsBefore = await tableCounts();
    const seatsBefore = await availability();

    const results: { label: string; status: number; body: unknown; operationId: OperationId }[] = [];
    for (let i = 0; i < cases.length; i += 10) {
      const batch = cases.slice(i, i + 10);
      results.push(
        ...(await Promise.all(
          batch.map(async (testCase) => {
            const response = await fetch(`${api.url}${testCase.path}`, {
              method: testCase.method,
              headers: testCase.headers ?? {},
              ...(testCase.body !== undefined ? { body: testCase.body } : {}),
            });
            const text = await response.text();
            let body: unknown = text;
            try {
              body = JSON.parse(text) as unknown;
            } catch {
              // Left as text: the schema check below reports it.
            }
            return { label: testCase.label, status: response.status, body, operationId: testCase.operationId };
          }),
        )),
      );
    }

    expect(cases.length).toBeGreaterThanOrEqual(200);
    const notClientErrors = results
      .filter((result) => result.status < 400 || result.status >= 500)
      .map((result) => `${result.label} → ${result.status}`);
    expect(notClientErrors).toEqual([]);
    const notErrorSchema = results
      .filter(
        (result) => !validateResponse(result.operationId, result.status === 405 ? 400 : result.status, result.body).ok,
      )
      .map((result) => `${result.label} → ${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
    expect(notErrorSchema).toEqual([]);
    expect(api.contractViolations).toEqual([]);
    const codeOf = (label: string) => {
      const result = results.find((candidate) => candidate.label === label);
      return [result?.status, (result?.body as { error?: { code?: string } } | undefined)?.error?.code];
    };
    expect(codeOf('createOrder: unknown event (well-formed)')).toEqual([404, 'NOT_FOUND']);
    expect(codeOf('createOrder: sale not open')).toEqual([409, 'SALE_NOT_OPEN']);
    expect(codeOf('createOrder: sold out')).toEqual([409, 'SOLD_OUT']);
    expect(codeOf('createOrder: duplicate ticket types')).toEqual([400, 'VALIDATION_FAILED']);
    expect(codeOf('getOrder: missing token')).toEqual([401, 'UNAUTHORIZED']);
    expect(codeOf('cancelOrder: unknown order, well-formed token')).toEqual([404, 'NOT_FOUND']);
    expect(codeOf('receiveStripeWebhook: made-up v1')).toEqual([400, 'INVALID_SIGNATURE']);
    for (const label of ['no signature header', 'empty signature', 'huge signature header'])
      expect(codeOf(`receiveStripeWebhook: ${label}`)).toEqual([400, 'INVALID_SIGNATURE']);
    expect(await tableCounts()).toEqual(countsBefore);
    expect(await availability()).toEqual(seatsBefore);
  });
});
