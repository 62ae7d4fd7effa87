/**
 * The local fulfillment stream poller as a process of its own, next to a running local stack
 * (which normally starts it in-process):
 *
 *   npx tsx --tsconfig tools/local-api/tsconfig.json tools/local-api/src/stream-poller-main.ts
 *
 *   DYNAMODB_ENDPOINT          default http://127.0.0.1:8000
 *   TABLE_PREFIX / ORDERS_TABLE  default ticketstoheaven-local(-orders)
 *   FULFILLMENT_ENDPOINT, FULFILLMENT_API_KEY   the provider (emulator: http://127.0.0.1:12112)
 *   LOCAL_DATA_DIR             dead letters and stream checkpoints (default .local-data)
 *
 * Ctrl-C stops it (printing the dead-letter count); a killed poller loses nothing: the next one
 * resumes from the checkpoints and re-delivers what was in flight.
 */
import { createLogger, env, loadConfig } from '@tth/runtime';
import { localEnvironment } from './environment';
import { startStreamPoller } from './stream-poller';

const environment = localEnvironment();
Object.assign(process.env, environment);
const settings = loadConfig({
  dynamoEndpoint: env.url('DYNAMODB_ENDPOINT', { default: 'http://127.0.0.1:8000' }),
  ordersTable: env.string('ORDERS_TABLE'),
  dataDir: env.string('LOCAL_DATA_DIR', { default: '.local-data' }),
});
process.env['DYNAMODB_ENDPOINT'] = settings.dynamoEndpoint;

const logger = createLogger({ service: 'local-stream-poller' });
const poller = await startStreamPoller({
  dynamoEndpoint: settings.dynamoEndpoint,
  tableNames: { Orders: settings.ordersTable },
  dataDir: settings.dataDir,
  logger,
});
process.stdout.write(
  `Fulfillment stream poller ready: ${settings.ordersTable} at ${settings.dynamoEndpoint}; dead letters in ${poller.deadLetterFile}\n`,
);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await poller.stop();
  process.stdout.write(`Fulfillment stream poller stopped; dead letters: ${poller.deadLetterCount()}\n`);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
