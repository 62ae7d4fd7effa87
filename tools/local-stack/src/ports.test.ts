import { afterEach, describe, expect, it } from 'vitest';
import {
  assertPortsFree,
  isPortFree,
  LocalStackConfigError,
  planPorts,
  PortInUseError,
  resolveFreePorts,
} from './ports';
import { ALL_RANDOM_PORTS, OccupiedPorts } from './testing/occupied-ports';

const occupiedPorts = new OccupiedPorts();

afterEach(() => occupiedPorts.releaseAll());

describe('planPorts', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(planPorts({}, {})).toEqual({
      storefront: 5173,
      api: 3000,
      docs: 3001,
      stripeEmulator: 12111,
      fulfillmentEmulator: 12112,
      cognito: 9229,
      dynamodb: 8000,
    });
  });

  it('takes a port from its env variable, and an explicit option over both', () => {
    const plan = planPorts({ docs: 0 }, { API_PORT: '3100', DOCS_PORT: '3101', DYNAMODB_PORT: ' 8100 ' });

    expect(plan).toMatchObject({ api: 3100, docs: 0, dynamodb: 8100, storefront: 5173 });
  });

  it('refuses a malformed port, naming the variable', () => {
    expect(() => planPorts({}, { STRIPE_EMULATOR_PORT: 'abc' })).toThrow(
      /STRIPE_EMULATOR_PORT must be a TCP port .* got "abc"/,
    );
    expect(() => planPorts({}, { API_PORT: '70000' })).toThrow(LocalStackConfigError);
  });

  it('refuses two components on one port, naming both variables', () => {
    expect(() => planPorts({}, { API_PORT: '5173' })).toThrow(
      'Storefront and API are both set to port 5173: change STOREFRONT_PORT or API_PORT.',
    );
  });

  it('lets several components ask for any free port', () => {
    expect(planPorts(ALL_RANDOM_PORTS, {})).toEqual(ALL_RANDOM_PORTS);
  });
});

describe('assertPortsFree', () => {
  it('names every busy port, its component and the env variable that moves it', async () => {
    const busyApi = await occupiedPorts.occupy();
    const busyDocs = await occupiedPorts.occupy();

    const failure = await assertPortsFree({ ...ALL_RANDOM_PORTS, api: busyApi, docs: busyDocs }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(PortInUseError);
    expect((failure as PortInUseError).busy).toEqual([
      { component: 'api', port: busyApi },
      { component: 'docs', port: busyDocs },
    ]);
    expect((failure as Error).message).toContain(`Port ${busyApi} (API) is already in use.`);
    expect((failure as Error).message).toContain('API_PORT=<port>');
    expect((failure as Error).message).toContain('DOCS_PORT=<port>');
  });

  it('passes when every port is free', async () => {
    const [free] = Object.values(await resolveFreePorts({ ...ALL_RANDOM_PORTS }));

    await expect(assertPortsFree({ ...ALL_RANDOM_PORTS, api: free ?? 0 })).resolves.toBeUndefined();
  });

  it('sees a port taken on the wildcard address as busy for DynamoDB Local', async () => {
    const busy = await occupiedPorts.occupy();

    expect(await isPortFree(busy, 'wildcard')).toBe(false);
    expect(await isPortFree(busy, 'loopback')).toBe(false);
  });
});

describe('resolveFreePorts', () => {
  it('turns every 0 into a distinct free port and keeps fixed ports', async () => {
    const resolved = await resolveFreePorts({ ...ALL_RANDOM_PORTS, api: 4567 });

    const randoms = Object.entries(resolved)
      .filter(([component]) => component !== 'api')
      .map(([, port]) => port);
    expect(resolved.api).toBe(4567);
    expect(new Set(randoms).size).toBe(randoms.length);
    expect(randoms.every((port) => port > 0 && port !== 4567)).toBe(true);
  });
});
