import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts a CLI the way `nx run emulators:<name>` does, with the given environment. */
function runCli(script: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(tsx, ['--tsconfig', 'tsconfig.json', script], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function readyUrl(output: () => string, child: ChildProcess): Promise<string> {
  for (let tries = 0; tries < 300; tries++) {
    const match = /ready at (http:\/\/\S+)/.exec(output());
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) throw new Error(`CLI exited early: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`CLI did not report its URL: ${output()}`);
}

describe.each([
  ['stripe', 'src/stripe/cli.ts', { STRIPE_EMULATOR_PORT: '0', STRIPE_WEBHOOK_URL: 'off' }],
  ['fulfillment', 'src/fulfillment/cli.ts', { FULFILLMENT_EMULATOR_PORT: '0', FULFILLMENT_FAILURE_RATE: '0.1' }],
])('the %s CLI', (_name, script, env) => {
  // The CLI is a tsx child process: compiling and starting it took over 5 s on a machine shared with other suites.
  it('prints its URL, serves, and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
    const { child, output } = runCli(script, env);

    const url = await readyUrl(output, child);
    const health = await fetch(`${url}/_health`);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];

    expect(health.status).toBe(200);
    expect(code).toBe(0);
  });
});

describe('CLI configuration errors', () => {
  it('exit 1 with a message naming each bad setting', async () => {
    const { child, output } = runCli('src/fulfillment/cli.ts', {
      FULFILLMENT_EMULATOR_PORT: '0',
      FULFILLMENT_FAILURE_RATE: '1.5',
      FULFILLMENT_OUTAGE: 'maybe',
    });

    const [code] = (await once(child, 'exit')) as [number | null];

    expect(code).toBe(1);
    expect(output()).toContain('FULFILLMENT_FAILURE_RATE must be a number from 0 to 1 (got "1.5")');
    expect(output()).toContain('FULFILLMENT_OUTAGE must be true or false (got "maybe")');
  });
});
