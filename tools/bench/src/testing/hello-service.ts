/** A service for child-service.test.ts: answers every request with "hello" and counts them. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveUntilStopped } from '../services/protocol';

serveUntilStopped(async () => {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end(`hello ${process.env['HELLO_NAME'] ?? 'nobody'}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log('hello service listening');
  return {
    info: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    stats: () => ({ requests }),
  };
});
