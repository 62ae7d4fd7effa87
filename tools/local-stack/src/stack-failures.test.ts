import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PortInUseError } from './ports';
import { descendantProcesses } from './process-tree';
import { StartupError } from './progress';
import { startLocalStack } from './stack';

const ALL_RANDOM = { storefront: 0, api: 0, docs: 0, stripeEmulator: 0, fulfillmentEmulator: 0, dynamodb: 0 };
const servers: Server[] = [];

async function occupyPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return address.port;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolveClose) => server.close(resolveClose))));
});

describe('starting the local stack when it cannot run', () => {
  it('names a busy port and the env variable to change, before starting anything', async () => {
    const busy = await occupyPort();
    const lines: string[] = [];

    const failure = await startLocalStack({ ports: { ...ALL_RANDOM, api: busy }, env: {}, output: { line: (text) => lines.push(text) } }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PortInUseError);
    expect((failure as Error).message).toBe(
      `Port ${busy} (API) is already in use. Stop whatever is listening there, or choose another port: API_PORT=<port> (0 = any free port).`,
    );
    expect(lines).toEqual([]);
    expect(descendantProcesses(process.pid)).toEqual([]);
  });

  it('says Java is needed when it is missing, and leaves nothing running', async () => {
    const lines: string[] = [];

    const failure = await startLocalStack({ ports: ALL_RANDOM, env: {}, javaPath: '/nonexistent/bin/java', output: { line: (text) => lines.push(text) } }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).component).toBe('DynamoDB Local');
    expect((failure as Error).message).toMatch(/^DynamoDB Local failed to start: Java is required to run DynamoDB Local but "\/nonexistent\/bin\/java" was not found/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ {2}✗ DynamoDB Local \(after .+\): Java is required/);
    expect(descendantProcesses(process.pid)).toEqual([]);
  });

  it('refuses a malformed setting before starting anything', async () => {
    const failure = await startLocalStack({ ports: ALL_RANDOM, env: { HOLD_MINUTES: 'soon' } }).catch((error: unknown) => error);

    expect((failure as Error).message).toBe('HOLD_MINUTES must be a whole number between 1 and 1440, got "soon".');
  });
});
