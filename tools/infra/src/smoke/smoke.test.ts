/**
 * The smoke checks against a stand-in for a deployed stage: a local HTTP server that answers as
 * CloudFront + API Gateway do (same origin under /api/, or a separate API origin), with bodies
 * from the contract's typed fixtures. Each broken variant must fail exactly its own check.
 */
import { demoCatalog, toEventSummary } from '@tth/contracts/testing';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runSmoke, smokeTargetFromOutputs, UNKNOWN_ORDER_ID, type SmokeTarget } from './smoke';

interface StageBehaviour {
  readonly eventsBody?: unknown;
  readonly orderWithoutTokenStatus?: number;
  readonly configStage?: string;
  readonly omitHeader?: string;
  readonly csp?: string;
  readonly spaRouting?: boolean;
}

const SECURITY_HEADERS = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};
const PAGE = '<!doctype html><title>TicketsToHeaven</title>';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse, origin: string) => void): Promise<string> {
  const server = createServer((req, res) => handler(req, res, origin));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return origin;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const errorBody = (code: string, message: string) => ({ error: { code, message, requestId: 'req-smoke-1' } });

/** The API as API Gateway + the handlers answer (paths relative to the API base). */
function answerApi(
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  behaviour: StageBehaviour,
  storefrontOrigin: string,
): void {
  const cors = { 'access-control-allow-origin': storefrontOrigin };
  if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
  if (path === 'events')
    return json(res, 200, behaviour.eventsBody ?? { items: demoCatalog(new Date()).map(toEventSummary) }, cors);
  if (path === `orders/${UNKNOWN_ORDER_ID}` && !req.headers['x-order-token']) {
    const status = behaviour.orderWithoutTokenStatus ?? 401;
    return json(
      res,
      status,
      status === 500 ? { message: 'Internal server error' } : errorBody('UNAUTHORIZED', 'The order token is missing'),
      cors,
    );
  }
  return json(res, 404, errorBody('NOT_FOUND', 'No such resource'), cors);
}

function answerSite(path: string, res: ServerResponse, behaviour: StageBehaviour, target: () => SmokeTarget): void {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'content-security-policy': behaviour.csp ?? `default-src 'self'; connect-src 'self'; frame-ancestors 'none'`,
  };
  if (behaviour.omitHeader) delete headers[behaviour.omitHeader];
  if (path === '/config.json')
    return json(res, 200, { apiUrl: target().apiUrl, stage: behaviour.configStage ?? target().stage }, headers);
  if (path === '/' || (path.startsWith('/events/') && behaviour.spaRouting !== false))
    return void res.writeHead(200, { 'content-type': 'text/html', ...headers }).end(PAGE);
  return void res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>AccessDenied</Code></Error>');
}

/** One origin: the storefront, and the API under /api/ (a stage with a custom domain). */
async function sameOriginStage(behaviour: StageBehaviour = {}): Promise<SmokeTarget> {
  // The servers learn their own URLs only once listening: they read the target when asked.
  const stage: { target?: SmokeTarget } = {};
  const origin = await listen((req, res, self) => {
    const path = new URL(req.url ?? '/', self).pathname;
    if (path.startsWith('/api/')) return answerApi(path.slice('/api/'.length), req, res, behaviour, self);
    answerSite(path, res, behaviour, () => stage.target!);
  });
  stage.target = { stage: 'prod', storefrontUrl: origin, apiUrl: `${origin}/api/` };
  return stage.target;
}

/** Two origins: the storefront and the execute-api stage URL (a stage without a domain). */
async function crossOriginStage(behaviour: StageBehaviour = {}, corsOrigin?: string): Promise<SmokeTarget> {
  const stage: { target?: SmokeTarget } = {};
  const apiOrigin = await listen((req, res, self) => {
    const path = new URL(req.url ?? '/', self).pathname.replace(/^\/v1\//, '');
    answerApi(path, req, res, behaviour, corsOrigin ?? stage.target!.storefrontUrl);
  });
  // Without a domain the CSP names the API's origin (in AWS: https://*.execute-api.<region>.amazonaws.com).
  const siteBehaviour = { csp: `default-src 'self'; connect-src 'self' ${apiOrigin}`, ...behaviour };
  const siteOrigin = await listen((req, res, self) =>
    answerSite(new URL(req.url ?? '/', self).pathname, res, siteBehaviour, () => stage.target!),
  );
  stage.target = { stage: 'dev', storefrontUrl: siteOrigin, apiUrl: `${apiOrigin}/v1/` };
  return stage.target;
}

const failing = (results: Awaited<ReturnType<typeof runSmoke>>) =>
  results.filter((result) => result.status !== 'ok').map((result) => result.check);

describe('runSmoke', () => {
  it('passes a stage that serves the API under /api/ of its own origin', async () => {
    // Arrange
    const target = await sameOriginStage();

    // Act
    const results = await runSmoke(target);

    // Assert
    expect(failing(results)).toEqual([]);
    expect(results.map((result) => result.check)).toEqual([
      'GET /events',
      '4xx in the Error schema',
      'unknown API path',
      'config.json',
      'security headers',
      'client-side route',
    ]);
  });

  it('passes a stage whose API is another origin, checking its CORS preflight as well', async () => {
    // Arrange
    const target = await crossOriginStage();

    // Act
    const results = await runSmoke(target);

    // Assert
    expect(failing(results)).toEqual([]);
    expect(results.at(-1)).toMatchObject({ check: 'CORS', status: 'ok' });
  });

  it("fails a cross-origin stage whose CSP would block the storefront's calls to the API", async () => {
    // Arrange
    const target = await crossOriginStage({ csp: "default-src 'self'; connect-src 'self'" });

    // Act
    const results = await runSmoke(target);

    // Assert
    expect(failing(results)).toEqual(['security headers']);
    expect(results.find((result) => result.check === 'security headers')!.detail).toContain(
      'does not allow http://127.0.0.1:',
    );
  });

  it.each<[string, StageBehaviour, string]>([
    ['an event list that breaks the contract', { eventsBody: { items: [{ id: 'x' }] } }, 'GET /events'],
    ['a 500 instead of a 4xx', { orderWithoutTokenStatus: 500 }, '4xx in the Error schema'],
    ['config.json of another stage', { configStage: 'staging' }, 'config.json'],
    ['a missing HSTS header', { omitHeader: 'strict-transport-security' }, 'security headers'],
    [
      'a CSP that allows inline scripts',
      { csp: "script-src 'self' 'unsafe-inline'; connect-src 'self'" },
      'security headers',
    ],
    ['client-side routes answered 403', { spaRouting: false }, 'client-side route'],
  ])('fails only its own check for %s', async (_case, behaviour, check) => {
    // Arrange
    const target = await sameOriginStage(behaviour);

    // Act
    const results = await runSmoke(target);

    // Assert
    expect(failing(results)).toEqual([check]);
  });

  it('fails CORS when the API allows another origin', async () => {
    // Arrange
    const target = await crossOriginStage({}, 'https://elsewhere.example.com');

    // Act
    const results = await runSmoke(target);

    // Assert
    expect(failing(results)).toEqual(['CORS']);
    expect(results.find((result) => result.check === 'CORS')!.detail).toContain('https://elsewhere.example.com');
  });

  it('reports an unreachable stage check by check instead of stopping', async () => {
    // Arrange
    const target = { stage: 'prod', storefrontUrl: 'http://127.0.0.1:9', apiUrl: 'http://127.0.0.1:9/api/' };

    // Act
    const results = await runSmoke(target);

    // Assert
    expect(results).toHaveLength(6);
    for (const result of results)
      expect(result).toMatchObject({ status: 'fail', detail: expect.stringContaining('request failed') });
  });
});

describe('smokeTargetFromOutputs', () => {
  it('reads the storefront and API URLs that infra:deploy saved', () => {
    // Act
    const target = smokeTargetFromOutputs('prod', {
      'ticketstoheaven-prod-app': {
        StorefrontUrl: 'https://tickets.example.com',
        ApiUrl: 'https://tickets.example.com/api/',
      },
    });

    // Assert
    expect(target).toEqual({
      stage: 'prod',
      storefrontUrl: 'https://tickets.example.com',
      apiUrl: 'https://tickets.example.com/api/',
    });
  });

  it('says what to do when the stage was never deployed', () => {
    // Act
    const read = () => smokeTargetFromOutputs('staging', {});

    // Assert
    expect(read).toThrow(/deploy the stage first, or pass --storefront-url and --api-url/);
  });
});
