/**
 * `npm start`: the whole of TicketsToHeaven on this machine, nothing to configure.
 *
 *   npm start                          everything, data in memory
 *   npm start -- --persist             keep data in .local-data/ (or LOCAL_STACK_PERSIST=1)
 *   npm start -- --storefront=build    serve the production build instead of the dev server
 *
 * Ports: STOREFRONT_PORT (5173), API_PORT (3000), DOCS_PORT (3001), STRIPE_EMULATOR_PORT (12111),
 * FULFILLMENT_EMULATOR_PORT (12112), DYNAMODB_PORT (8000); 0 = any free port.
 * Other settings: HOLD_MINUTES (30), HOLD_SWEEP_INTERVAL_MS (20000), LOG_LEVEL (WARN).
 */
import { parseArgs } from 'node:util';
import { TEST_CARDS } from '@tth/emulators';
import { descendantProcesses } from './process-tree';
import { streamOutput } from './progress';
import { startLocalStack, type LocalStack } from './stack';
import type { StorefrontMode } from './storefront';
import { formatTestCards, formatUrlTable } from './summary';

const USAGE = `Usage: npm start [-- --persist] [--storefront=dev|build|none]

  --persist              keep DynamoDB data, dead letters and stream checkpoints in .local-data/
                         (same as LOCAL_STACK_PERSIST=1)
  --storefront=<mode>    dev (default): Vite dev server; build: the production build; none
  --help                 this text

Ports (0 = any free port): STOREFRONT_PORT=5173 API_PORT=3000 DOCS_PORT=3001
  STRIPE_EMULATOR_PORT=12111 FULFILLMENT_EMULATOR_PORT=12112 DYNAMODB_PORT=8000
Settings: HOLD_MINUTES=30 HOLD_SWEEP_INTERVAL_MS=20000 LOG_LEVEL=WARN`;

const STOREFRONT_MODES: readonly StorefrontMode[] = ['dev', 'build', 'none'];

function fail(message: string): never {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

const CLI_OPTIONS = { persist: { type: 'boolean' }, storefront: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function parseCli() {
  try {
    return parseArgs({ options: CLI_OPTIONS, strict: true }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
}

const args = parseCli();
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const storefront = (args.storefront ?? 'dev') as StorefrontMode;
if (!STOREFRONT_MODES.includes(storefront)) fail(`--storefront must be one of ${STOREFRONT_MODES.join(', ')}, got "${args.storefront}".\n\n${USAGE}`);

const output = streamOutput(process.stdout);
output.line('Starting TicketsToHeaven locally…');
const started = performance.now();

let stack: LocalStack;
try {
  stack = await startLocalStack({ output, storefront, ...(args.persist ? { persist: true } : {}) });
} catch (error) {
  fail(`✗ Could not start the local stack.\n${(error as Error).message}`);
}

output.line(`\nTicketsToHeaven is running (started in ${((performance.now() - started) / 1000).toFixed(1)} s).\n`);
output.line(formatUrlTable({ urls: stack.urls, ...(stack.dataDir ? { dataDir: stack.dataDir } : {}) }));
output.line('');
output.line(formatTestCards(TEST_CARDS));
output.line('\nPress Ctrl-C to stop.');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    // A second Ctrl-C: leave now; DynamoDB Local's watchdog ends the JVM when this process exits.
    process.stderr.write('Forced exit.\n');
    process.exit(130);
  }
  stopping = true;
  output.line(`\n${signal} received: stopping…`);
  let code = 0;
  try {
    await stack.stop();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    code = 1;
  }
  const leftovers = descendantProcesses(process.pid);
  if (leftovers.length > 0) {
    process.stderr.write(`Child processes still running: ${leftovers.map((child) => `${child.command} (pid ${child.pid})`).join(', ')}; killing them.\n`);
    for (const child of leftovers) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    code = 1;
  } else {
    output.line('Stopped. No processes left behind.');
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
