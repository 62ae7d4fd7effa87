import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonBody, keepAliveAgent, send } from './http-client';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  server = undefined;
});

async function echoServer(): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          method: req.method,
          key: req.headers['idempotency-key'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe('send', () => {
  it('sends the method, headers and body and reads the whole answer', async () => {
    const { url } = await echoServer();
    const agent = keepAliveAgent(1);

    const reply = await send(
      `${url}/orders`,
      { method: 'POST', headers: { 'Idempotency-Key': 'k-1' }, body: '{"a":"é"}' },
      agent,
    );
    agent.destroy();

    expect(reply.status).toBe(200);
    expect(jsonBody(reply)).toEqual({ method: 'POST', key: 'k-1', body: '{"a":"é"}' });
  });

  it('reuses one kept-alive connection for sequential requests', async () => {
    const { url, connections } = await echoServer();
    const agent = keepAliveAgent(1);

    for (let index = 0; index < 5; index++) await send(`${url}/health`, { method: 'GET' }, agent);
    agent.destroy();

    expect(connections()).toBe(1);
  });

  it('rejects when nothing listens', async () => {
    const { url } = await echoServer();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;

    await expect(send(`${url}/health`, { method: 'GET' }, keepAliveAgent(1))).rejects.toThrow();
  });
});

describe('jsonBody', () => {
  it('is undefined for a body that is not JSON', () => {
    expect(jsonBody({ status: 502, headers: {}, body: '<html>' })).toBeUndefined();
  });
});
