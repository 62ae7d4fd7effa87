/**
 * `nx run data:local-db`: DynamoDB Local with every table and the demo catalog, until Ctrl-C.
 *
 *   DYNAMODB_PORT       default 8000 (0 = any free port)
 *   DYNAMODB_DATA_DIR   keep data on disk here (default: in memory)
 *   TABLE_PREFIX        default ticketstoheaven-local
 */
import { env, loadConfig } from '@tth/runtime';
import { tableEnvFor } from '../table-env';
import { LOCAL_TABLE_PREFIX, bootstrapLocalDynamo } from './bootstrap';

const config = loadConfig({
  port: env.integer('DYNAMODB_PORT', { default: 8000, min: 0, max: 65535 }),
  dataDir: env.optionalString('DYNAMODB_DATA_DIR'),
  tablePrefix: env.string('TABLE_PREFIX', { default: LOCAL_TABLE_PREFIX }),
});

const local = await bootstrapLocalDynamo({
  port: config.port,
  tablePrefix: config.tablePrefix,
  ...(config.dataDir ? { dataDir: config.dataDir } : {}),
});
const variables = { DYNAMODB_ENDPOINT: local.endpoint, ...tableEnvFor(local.tableNames) };
process.stdout.write(
  `DynamoDB Local ready at ${local.endpoint} (${config.dataDir ? `data in ${config.dataDir}` : 'in memory'}), demo catalog seeded.\n` +
    Object.entries(variables)
      .map(([name, value]) => `  ${name}=${value}`)
      .join('\n') +
    '\n',
);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await local.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
