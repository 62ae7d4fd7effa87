/**
 * After a deploy: does the stage answer the way buyers and browsers need? Read-only requests only
 * (nothing is bought, no Checkout Session is created), each reported as one line like preflight's.
 */
import { isErrorBody } from '@tth/contracts';
import { validateResponse } from '@tth/contracts/response-validation';
import type { CheckResult } from '../preflight/checks';

export interface SmokeTarget {
  readonly stage: string;
  /** `https://<storefront>` (no trailing slash). */
  readonly storefrontUrl: string;
  /** The API base URL the storefront is configured with, ending in `/`. */
  readonly apiUrl: string;
}

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** A well-formed order id that cannot exist (ULIDs of time 0 are never issued). */
export const UNKNOWN_ORDER_ID = 'ord_00000000000000000000000000';
export const REQUEST_TIMEOUT_MS = 10_000;

const REQUIRED_HEADERS: ReadonlyArray<[string, (value: string) => boolean, string]> = [
  [
    'strict-transport-security',
    (value) => Number(/max-age=(\d+)/.exec(value)?.[1]) >= 31_536_000,
    'max-age of a year or more',
  ],
  ['x-content-type-options', (value) => value.toLowerCase() === 'nosniff', 'nosniff'],
  ['x-frame-options', (value) => value.toUpperCase() === 'DENY', 'DENY'],
  ['referrer-policy', (value) => value.length > 0, 'present'],
];

function pass(check: string, detail: string): CheckResult {
  return { check, status: 'ok', detail };
}
function fail(check: string, detail: string): CheckResult {
  return { check, status: 'fail', detail };
}

async function request(
  fetchFn: Fetch,
  url: string,
  init: RequestInit = {},
): Promise<{ response: Response; body: unknown; text: string }> {
  const response = await fetchFn(url, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...init });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { response, body, text };
}

function describeIssues(issues: ReadonlyArray<{ field: string; message: string }>): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.field} ${issue.message}`)
    .join('; ');
}

/** Runs one check; a network error or timeout is that check's failure, not the whole run's. */
async function check(name: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return fail(name, `request failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
  }
}

export async function runSmoke(target: SmokeTarget, fetchFn: Fetch = fetch): Promise<CheckResult[]> {
  const api = (path: string) => new URL(path, target.apiUrl).toString();
  const site = (path: string) => new URL(path, `${target.storefrontUrl}/`).toString();
  const results: CheckResult[] = [];

  results.push(
    await check('GET /events', async () => {
      const { response, body } = await request(fetchFn, api('events'));
      if (response.status !== 200) return fail('GET /events', `answered ${response.status}, expected 200`);
      const validated = validateResponse('listEvents', 200, body);
      if (!validated.ok)
        return fail('GET /events', `body does not match openapi.yaml: ${describeIssues(validated.issues)}`);
      return pass('GET /events', `200, ${(body as { items: unknown[] }).items.length} event(s), matches openapi.yaml`);
    }),
  );

  results.push(
    await check('4xx in the Error schema', async () => {
      // No token: the handler must refuse with 401 in the contract's Error shape (never a 500).
      const { response, body } = await request(fetchFn, api(`orders/${UNKNOWN_ORDER_ID}`));
      const validated = validateResponse('getOrder', response.status, body);
      if (response.status < 400 || response.status >= 500)
        return fail('4xx in the Error schema', `GET /orders/<id> without a token answered ${response.status}`);
      if (!validated.ok)
        return fail(
          '4xx in the Error schema',
          `${response.status} body does not match openapi.yaml: ${describeIssues(validated.issues)}`,
        );
      const requestId = (body as { error: { requestId?: string } }).error.requestId;
      return pass(
        '4xx in the Error schema',
        `GET /orders/<id> without a token: ${response.status}${requestId ? `, requestId ${requestId}` : ''}`,
      );
    }),
  );

  results.push(
    await check('unknown API path', async () => {
      const { response, body } = await request(fetchFn, api('no-such-route'));
      if (response.status !== 404 || !isErrorBody(body) || body.error.code !== 'NOT_FOUND')
        return fail(
          'unknown API path',
          `answered ${response.status} ${JSON.stringify(body)?.slice(0, 120) ?? ''}, expected 404 NOT_FOUND in the Error schema`,
        );
      return pass('unknown API path', '404 NOT_FOUND in the Error schema');
    }),
  );

  results.push(
    await check('config.json', async () => {
      const { response, body } = await request(fetchFn, site('config.json'));
      if (response.status !== 200) return fail('config.json', `answered ${response.status}, expected 200`);
      const config = body as { apiUrl?: unknown; stage?: unknown } | undefined;
      if (config?.stage !== target.stage)
        return fail('config.json', `stage is ${JSON.stringify(config?.stage)}, expected "${target.stage}"`);
      if (config.apiUrl !== target.apiUrl)
        return fail('config.json', `apiUrl is ${JSON.stringify(config.apiUrl)}, expected ${target.apiUrl}`);
      return pass('config.json', `stage ${target.stage}, apiUrl ${target.apiUrl}`);
    }),
  );

  results.push(
    await check('security headers', async () => {
      const { response, text } = await request(fetchFn, site(''));
      if (response.status !== 200 || !text.toLowerCase().includes('<!doctype html'))
        return fail(
          'security headers',
          `GET / answered ${response.status}${text ? '' : ' with no body'}, expected the storefront page`,
        );
      const problems: string[] = [];
      for (const [name, ok, expected] of REQUIRED_HEADERS) {
        const value = response.headers.get(name);
        if (value === null) problems.push(`${name} missing`);
        else if (!ok(value)) problems.push(`${name} is "${value}", expected ${expected}`);
      }
      const csp = response.headers.get('content-security-policy') ?? '';
      const connect = /connect-src([^;]*)/.exec(csp)?.[1]?.trim().split(/\s+/) ?? [];
      const apiOrigin = new URL(target.apiUrl).origin;
      const sameOrigin = apiOrigin === new URL(target.storefrontUrl).origin;
      const allowsApi = sameOrigin
        ? connect.includes("'self'")
        : connect.some(
            (source) =>
              source === apiOrigin ||
              (source.startsWith('https://*.') && apiOrigin.endsWith(source.slice('https://*'.length))),
          );
      if (!csp) problems.push('content-security-policy missing');
      else if (!allowsApi)
        problems.push(`content-security-policy connect-src does not allow ${sameOrigin ? "'self'" : apiOrigin}`);
      if (/unsafe-inline|unsafe-eval/.test(csp))
        problems.push('content-security-policy allows unsafe-inline/unsafe-eval');
      return problems.length > 0
        ? fail('security headers', problems.join('; '))
        : pass(
            'security headers',
            `HSTS, CSP (connect-src ${connect.join(' ')}), nosniff, frame DENY, referrer policy`,
          );
    }),
  );

  results.push(
    await check('client-side route', async () => {
      const { response, text } = await request(fetchFn, site('events/smoke-test-route'));
      return response.status === 200 && text.toLowerCase().includes('<!doctype html')
        ? pass('client-side route', '/events/<id> serves the storefront page')
        : fail(
            'client-side route',
            `/events/<id> answered ${response.status}, expected the storefront page (SPA routing)`,
          );
    }),
  );

  if (new URL(target.apiUrl).origin !== new URL(target.storefrontUrl).origin) {
    results.push(
      await check('CORS', async () => {
        const origin = new URL(target.storefrontUrl).origin;
        const { response } = await request(fetchFn, api('orders'), {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type,idempotency-key',
          },
        });
        const allowed = response.headers.get('access-control-allow-origin');
        return allowed === origin
          ? pass('CORS', `preflight of POST /orders allows ${origin}`)
          : fail(
              'CORS',
              `preflight of POST /orders answered ${response.status} with Access-Control-Allow-Origin ${JSON.stringify(allowed)}, expected ${origin}`,
            );
      }),
    );
  }
  return results;
}

/** The URLs of a deployed stage, from the outputs file `infra:deploy` writes. */
export function smokeTargetFromOutputs(
  stage: string,
  outputs: Record<string, Record<string, string> | undefined>,
): SmokeTarget {
  const app = outputs[`ticketstoheaven-${stage}-app`];
  const storefrontUrl = app?.['StorefrontUrl'];
  const apiUrl = app?.['ApiUrl'];
  if (!storefrontUrl || !apiUrl)
    throw new Error(
      `The outputs of ticketstoheaven-${stage}-app have no StorefrontUrl/ApiUrl: deploy the stage first, or pass --storefront-url and --api-url`,
    );
  return {
    stage,
    storefrontUrl: storefrontUrl.replace(/\/$/, ''),
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
  };
}
