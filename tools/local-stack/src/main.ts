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
import { isProcessAlive } from './process-tree';
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

const CLI_OPTIONS = {
  persist: { type: 'boolean' },
  storefront: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

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
if (!STOREFRONT_MODES.includes(storefront))
  fail(`--storefront must be one of ${STOREFRONT_MODES.join(', ')}, got "${args.storefront}".\n\n${USAGE}`);

// The AWS SDK's notice that its 2027 releases need Node 22 says nothing about running this stack.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

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
output.line(
  formatUrlTable({
    urls: stack.urls,
    organizer: stack.organizerPool.organizer,
    ...(stack.dataDir ? { dataDir: stack.dataDir } : {}),
  }),
);
output.line('');
output.line(formatTestCards(TEST_CARDS));
output.line('\nPress Ctrl-C to stop.');

/** When the first stop signal arrived. */
let stoppingSince: number | undefined;
/** One Ctrl-C reaches this process more than once (the terminal's, relayed again by npm and tsx). */
const SAME_CTRL_C_MS = 2000;

async function shutdown(signal: string): Promise<void> {
  if (stoppingSince !== undefined) {
    if (performance.now() - stoppingSince < SAME_CTRL_C_MS) return;
    // Another Ctrl-C later on: leave now; DynamoDB Local's watchdog ends the JVM when this process exits.
    process.stderr.write('Forced exit.\n');
    process.exit(130);
  }
  stoppingSince = performance.now();
  output.line(`\n${signal} received: stopping… (Ctrl-C again to force)`);
  const children = stack.childProcessIds();
  let code = 0;
  try {
    await stack.stop();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    code = 1;
  }
  const leftovers = children.filter(isProcessAlive);
  if (leftovers.length > 0) {
    process.stderr.write(`DynamoDB Local processes still running (pids ${leftovers.join(', ')}): killing them.\n`);
    for (const pid of leftovers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    code = 1;
  } else {
    output.line(
      `Stopped${children.length > 0 ? ` (DynamoDB Local's JVM and watchdog, pids ${children.join(', ')}, have exited)` : ''}. Nothing left running.`,
    );
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
