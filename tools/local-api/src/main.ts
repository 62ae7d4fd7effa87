/**
 * `nx run local-api:serve`: the API on http://localhost:3000, invoking the Lambda handlers.
 *
 *   API_PORT              default 3000
 *   API_HOST              default 127.0.0.1
 *   DYNAMODB_ENDPOINT     use this DynamoDB Local; unset: start one (DYNAMODB_PORT default 8000,
 *                         DYNAMODB_DATA_DIR to keep data on disk)
 *   TABLE_PREFIX          default ticketstoheaven-local (sets CATALOG_TABLE, ORDERS_TABLE, … unless set)
 *   SEED_DEMO_CATALOG     default true (existing items are kept)
 *   VALIDATE_RESPONSES    default true unless NODE_ENV=production
 *   STOREFRONT_URL, STRIPE_API_BASE, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, HOLD_MINUTES, LOG_LEVEL:
 *                         as in AWS, with the local defaults in ./environment.ts
 */
import { bootstrapLocalDynamo } from '@tth/data/local';
import { createLogger, env, loadConfig } from '@tth/runtime';
import { localEnvironment, storefrontOrigins } from './environment';
import { responseValidationDefault, startLocalApi, type LocalApi } from './server';

const environment = localEnvironment();
// Handlers read process.env when first imported (lazily, per function), so set it before serving.
Object.assign(process.env, environment);

const config = loadConfig({
  port: env.integer('API_PORT', { default: 3000, min: 0, max: 65535 }),
  host: env.string('API_HOST', { default: '127.0.0.1' }),
  dynamoEndpoint: env.optionalUrl('DYNAMODB_ENDPOINT'),
  dynamoPort: env.integer('DYNAMODB_PORT', { default: 8000, min: 0, max: 65535 }),
  dynamoDataDir: env.optionalString('DYNAMODB_DATA_DIR'),
  tablePrefix: env.string('TABLE_PREFIX', { default: 'ticketstoheaven-local' }),
  seed: env.boolean('SEED_DEMO_CATALOG', { default: true }),
  storefrontUrl: env.url('STOREFRONT_URL'),
});
const logger = createLogger({ service: 'local-api' });

const dynamo = await bootstrapLocalDynamo({
  tablePrefix: config.tablePrefix,
  seed: config.seed,
  ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : { port: config.dynamoPort }),
  ...(config.dynamoDataDir ? { dataDir: config.dynamoDataDir } : {}),
});
process.env['DYNAMODB_ENDPOINT'] = dynamo.endpoint;

const validateResponses = responseValidationDefault();
let api: LocalApi;
try {
  api = await startLocalApi({
    port: config.port,
    host: config.host,
    storefrontOrigin: storefrontOrigins(config.storefrontUrl),
    validateResponses,
    logger,
  });
} catch (error) {
  await dynamo.stop();
  throw error;
}
const shownUrl = config.host === '127.0.0.1' ? `http://localhost:${api.port}` : api.url;
process.stdout.write(
  [
    `API ready at ${shownUrl} (response validation ${validateResponses ? 'on' : 'off'})`,
    `  DynamoDB ${dynamo.endpoint}${dynamo.dynamoDbLocal ? ' (started by this server)' : ''}, tables ${config.tablePrefix}-*`,
    `  CORS origin ${config.storefrontUrl}; Stripe API ${process.env['STRIPE_API_BASE']}`,
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await api.close();
  await dynamo.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
