import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepAliveAgent, send } from './http-client';
import { startStaticSite, type StaticSite } from './static-server';

const INDEX =
  '<!doctype html><title>TicketsToHeaven</title><script type="module" src="/assets/index-a1b2c3d4.js"></script>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

let dir: string;
let site: StaticSite;
const agent = keepAliveAgent(4);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bench-site-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-a1b2c3d4.js'), SCRIPT);
  site = await startStaticSite(dir, { runtimeConfig: { apiUrl: 'http://127.0.0.1:1234' } });
});

afterEach(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  send(`${site.url}${path}`, { method: 'GET', headers }, agent);

describe('startStaticSite', () => {
  it('serves hashed assets compressed and cached as immutable', async () => {
    const reply = await get('/assets/index-a1b2c3d4.js', { 'Accept-Encoding': 'gzip' });

    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(reply.headers['content-length'])).toBeLessThan(SCRIPT.length);
  });

  it('decompresses to the file as built', async () => {
    const url = new URL(`${site.url}/assets/index-a1b2c3d4.js`);
    const body = await new Promise<Buffer>((resolve, reject) => {
      httpGet(url, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      }).on('error', reject);
    });

    expect(gunzipSync(body).toString('utf8')).toBe(SCRIPT);
  });

  it('answers client-side routes with the app shell, cached for 60 s', async () => {
    const reply = await get('/events/summer-fest');

    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX);
    expect(reply.headers['cache-control']).toBe('public, max-age=60');
  });

  it('serves the runtime config it was given, and the one it is given later', async () => {
    const before = await get('/config.json');
    site.setRuntimeConfig({ apiUrl: 'http://127.0.0.1:5678' });
    const after = await get('/config.json');

    expect(JSON.parse(before.body)).toEqual({ apiUrl: 'http://127.0.0.1:1234' });
    expect(JSON.parse(after.body)).toEqual({ apiUrl: 'http://127.0.0.1:5678' });
    expect(after.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a missing asset instead of the app shell', async () => {
    const reply = await get('/assets/missing-00000000.js');

    expect(reply.status).toBe(404);
  });

  it('never serves files outside its folder', async () => {
    const escaped = await get('/assets/..%2f..%2f..%2f..%2fetc%2fpasswd');
    const malformed = await get('/assets/%E0%A4%A');

    expect(escaped.status).toBe(400);
    expect(escaped.body).not.toContain('root:');
    expect(malformed.status).toBe(400);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const reply = await send(`${site.url}/`, { method: 'POST', body: '{}' }, agent);

    expect(reply.status).toBe(405);
  });
});
