import { createServer, type Server } from 'node:net';
import type { PortPlan } from '../ports';

/** Every component on a free port of its own (0), so tests never collide with a running stack. */
export const ALL_RANDOM_PORTS: PortPlan = {
  storefront: 0,
  api: 0,
  docs: 0,
  stripeEmulator: 0,
  fulfillmentEmulator: 0,
  cognito: 0,
  dynamodb: 0,
};

/** Holds free ports on 127.0.0.1, as another program would, until they are released. */
export class OccupiedPorts {
  private readonly servers: Server[] = [];

  /** Listens on a free port and returns it. */
  async occupy(): Promise<number> {
    const server = createServer();
    this.servers.push(server);
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    return address.port;
  }

  /** Frees every port occupied so far (call it after each test). */
  async releaseAll(): Promise<void> {
    await Promise.all(
      this.servers.splice(0).map((server) => new Promise((resolveClose) => server.close(resolveClose))),
    );
  }
}
