import { createServer } from 'node:net';

/** Every component of the local stack that listens on a TCP port. */
export type PortComponent =
  'storefront' | 'api' | 'docs' | 'stripeEmulator' | 'fulfillmentEmulator' | 'cognito' | 'dynamodb';

export interface PortSpec {
  readonly label: string;
  /** The env variable that overrides it (also named in every port error). */
  readonly envVar: string;
  readonly defaultPort: number;
  /**
   * The address the component binds. DynamoDB Local (a JVM) binds every interface, so its port
   * must be free on the wildcard address too.
   */
  readonly bind: 'loopback' | 'wildcard';
}

export const PORT_SPECS: Readonly<Record<PortComponent, PortSpec>> = {
  storefront: { label: 'Storefront', envVar: 'STOREFRONT_PORT', defaultPort: 5173, bind: 'loopback' },
  api: { label: 'API', envVar: 'API_PORT', defaultPort: 3000, bind: 'loopback' },
  docs: { label: 'API docs', envVar: 'DOCS_PORT', defaultPort: 3001, bind: 'loopback' },
  stripeEmulator: { label: 'Stripe emulator', envVar: 'STRIPE_EMULATOR_PORT', defaultPort: 12111, bind: 'loopback' },
  fulfillmentEmulator: {
    label: 'Fulfillment emulator',
    envVar: 'FULFILLMENT_EMULATOR_PORT',
    defaultPort: 12112,
    bind: 'loopback',
  },
  cognito: { label: 'Cognito (cognito-local)', envVar: 'COGNITO_PORT', defaultPort: 9229, bind: 'loopback' },
  dynamodb: { label: 'DynamoDB Local', envVar: 'DYNAMODB_PORT', defaultPort: 8000, bind: 'wildcard' },
};

export const PORT_COMPONENTS = Object.keys(PORT_SPECS) as PortComponent[];

export type PortPlan = Readonly<Record<PortComponent, number>>;

export class LocalStackConfigError extends Error {
  override name = 'LocalStackConfigError';
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly busy: readonly { readonly component: PortComponent; readonly port: number }[]) {
    super(
      busy
        .map(({ component, port }) => {
          const spec = PORT_SPECS[component];
          return `Port ${port} (${spec.label}) is already in use. Stop whatever is listening there, or choose another port: ${spec.envVar}=<port> (0 = any free port).`;
        })
        .join('\n'),
    );
  }
}

function parsePort(raw: string, source: string): number {
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value > 65535)
    throw new LocalStackConfigError(
      `${source} must be a TCP port between 0 and 65535 (0 = any free port), got "${raw}".`,
    );
  return value;
}

/**
 * The port of each component: an explicit option wins, then its env variable, then the default.
 * 0 stands for "any free port" and is resolved later by {@link resolveFreePorts}.
 */
export function planPorts(
  overrides: Partial<Record<PortComponent, number>> = {},
  env: NodeJS.ProcessEnv = process.env,
): PortPlan {
  const plan = {} as Record<PortComponent, number>;
  for (const component of PORT_COMPONENTS) {
    const spec = PORT_SPECS[component];
    const explicit = overrides[component];
    const fromEnv = env[spec.envVar];
    plan[component] =
      explicit !== undefined
        ? parsePort(String(explicit), `The ${spec.label} port option`)
        : fromEnv !== undefined && fromEnv.trim() !== ''
          ? parsePort(fromEnv, spec.envVar)
          : spec.defaultPort;
  }
  const byPort = new Map<number, PortComponent>();
  for (const component of PORT_COMPONENTS) {
    const port = plan[component];
    if (port === 0) continue;
    const other = byPort.get(port);
    if (other) {
      throw new LocalStackConfigError(
        `${PORT_SPECS[other].label} and ${PORT_SPECS[component].label} are both set to port ${port}: change ${PORT_SPECS[other].envVar} or ${PORT_SPECS[component].envVar}.`,
      );
    }
    byPort.set(port, component);
  }
  return plan;
}

type BindResult = 'free' | 'in-use' | 'unavailable';

function tryBind(port: number, host: string | undefined): Promise<BindResult> {
  return new Promise((resolveResult, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolveResult('in-use');
      // No IPv6 on this machine: nothing can be listening there either.
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') resolveResult('unavailable');
      else reject(error);
    });
    server.listen({ port, ...(host ? { host } : {}), exclusive: true }, () =>
      server.close(() => resolveResult('free')),
    );
  });
}

/**
 * Whether nobody listens on `port`. A loopback component is checked on 127.0.0.1 and ::1, since
 * browsers resolve `localhost` to either; a wildcard one on every interface.
 */
export async function isPortFree(port: number, bind: PortSpec['bind'] = 'loopback'): Promise<boolean> {
  const hosts = bind === 'wildcard' ? [undefined] : ['127.0.0.1', '::1'];
  for (const host of hosts) {
    if ((await tryBind(port, host)) === 'in-use') return false;
  }
  return true;
}

/** Fails with one message naming every busy port and the env variable that moves it. */
export async function assertPortsFree(plan: PortPlan): Promise<void> {
  const busy: { component: PortComponent; port: number }[] = [];
  for (const component of PORT_COMPONENTS) {
    const port = plan[component];
    if (port !== 0 && !(await isPortFree(port, PORT_SPECS[component].bind))) busy.push({ component, port });
  }
  if (busy.length > 0) throw new PortInUseError(busy);
}

/** A port the OS considers free right now on 127.0.0.1 (and not one of `taken`). */
export async function findFreePort(taken: ReadonlySet<number> = new Set()): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolvePort, reject) => {
      const server = createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() =>
          typeof address === 'object' && address
            ? resolvePort(address.port)
            : reject(new Error('The OS did not assign a port')),
        );
      });
    });
    if (!taken.has(port) && (await isPortFree(port, 'wildcard'))) return port;
  }
}

/**
 * Replaces every 0 by a concrete free port before anything starts: components need each
 * other's URLs up front (the Stripe emulator posts webhooks to the API, the API redirects to
 * the storefront), so "any port" must become a number first.
 */
export async function resolveFreePorts(plan: PortPlan): Promise<PortPlan> {
  const resolved = { ...plan } as Record<PortComponent, number>;
  const taken = new Set(Object.values(plan).filter((port) => port !== 0));
  for (const component of PORT_COMPONENTS) {
    if (resolved[component] !== 0) continue;
    const port = await findFreePort(taken);
    taken.add(port);
    resolved[component] = port;
  }
  return resolved;
}
