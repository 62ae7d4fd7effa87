import { afterEach, describe, expect, it } from 'vitest';
import { PortInUseError } from './ports';
import { descendantProcesses } from './process-tree';
import { StartupError } from './progress';
import { startLocalStack } from './stack';
import { ALL_RANDOM_PORTS, OccupiedPorts } from './testing/occupied-ports';

const occupiedPorts = new OccupiedPorts();

afterEach(() => occupiedPorts.releaseAll());

describe('starting the local stack when it cannot run', () => {
  it('names a busy port and the env variable to change, before starting anything', async () => {
    const busy = await occupiedPorts.occupy();
    const lines: string[] = [];

    const failure = await startLocalStack({
      ports: { ...ALL_RANDOM_PORTS, api: busy },
      env: {},
      output: { line: (text) => lines.push(text) },
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PortInUseError);
    expect((failure as Error).message).toBe(
      `Port ${busy} (API) is already in use. Stop whatever is listening there, or choose another port: API_PORT=<port> (0 = any free port).`,
    );
    expect(lines).toEqual([]);
    expect(descendantProcesses(process.pid)).toEqual([]);
  });

  it('says Java is needed when it is missing, and leaves nothing running', async () => {
    const lines: string[] = [];

    const failure = await startLocalStack({
      ports: ALL_RANDOM_PORTS,
      env: {},
      javaPath: '/nonexistent/bin/java',
      output: { line: (text) => lines.push(text) },
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).component).toBe('DynamoDB Local');
    expect((failure as Error).message).toMatch(
      /^DynamoDB Local failed to start: Java is required to run DynamoDB Local but "\/nonexistent\/bin\/java" was not found/,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ {2}✗ DynamoDB Local \(after .+\): Java is required/);
    expect(descendantProcesses(process.pid)).toEqual([]);
  });

  it('refuses a malformed setting before starting anything', async () => {
    const failure = await startLocalStack({ ports: ALL_RANDOM_PORTS, env: { HOLD_MINUTES: 'soon' } }).catch(
      (error: unknown) => error,
    );

    expect((failure as Error).message).toBe('HOLD_MINUTES must be an integer (got "soon").');
  });
});
