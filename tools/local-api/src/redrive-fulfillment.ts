/**
 * `nx run local-api:redrive-fulfillment`: the operator's redrive against the local stack. Re-queues
 * FULFILLMENT_FAILED orders (FULFILLMENT_FAILED → FULFILLING); the local stream poller then
 * hands them to the fulfillment worker, exactly as the Orders stream does in AWS.
 *
 *   nx run local-api:redrive-fulfillment                        every failed order (up to --limit, default 500)
 *   nx run local-api:redrive-fulfillment --order=ord_… --order=ord_…
 *   nx run local-api:redrive-fulfillment --dry-run              list, change nothing
 *
 *   DYNAMODB_ENDPOINT             default http://127.0.0.1:8000 (the local stack's DynamoDB Local)
 *   TABLE_PREFIX / ORDERS_TABLE   default ticketstoheaven-local(-orders)
 *   API_URL                       the running local stack's API (default http://127.0.0.1:$API_PORT, else :3000):
 *                                 asked for its fulfillment dead letters, in memory or in a file
 *   LOCAL_DATA_DIR                where a stand-alone poller keeps dead letters (default .local-data), counted
 *                                 when no stack answers
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { createDynamoClients } from '@tth/data';
import {
  createRedriveDeps,
  loadRedriveConfig,
  parseRedriveRequest,
  redriveFailedOrders,
  RedriveRequestError,
} from '@tth/fulfillment';
import { createLogger, env, loadConfig } from '@tth/runtime';
import { deadLetterReport } from './dead-letter-report';
import { localEnvironment } from './environment';
import { DEAD_LETTER_FILE_NAME } from './stream-poller';

const USAGE = 'Usage: nx run local-api:redrive-fulfillment [--order=<orderId> ...] [--limit=<n>] [--dry-run]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        order: { type: 'string', multiple: true },
        limit: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const environment = localEnvironment();
  const settings = loadConfig(
    {
      endpoint: env.url('DYNAMODB_ENDPOINT', { default: 'http://127.0.0.1:8000' }),
      apiUrl: env.url('API_URL', { default: `http://127.0.0.1:${environment['API_PORT'] ?? '3000'}` }),
      dataDir: env.string('LOCAL_DATA_DIR', { default: '.local-data' }),
    },
    environment,
  );
  let request;
  try {
    request = parseRedriveRequest({
      ...(args.values.order ? { orderIds: args.values.order } : {}),
      ...(args.values.limit !== undefined ? { limit: Number(args.values.limit) } : {}),
      ...(args.values['dry-run'] ? { dryRun: true } : {}),
    });
  } catch (error) {
    if (!(error instanceof RedriveRequestError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }

  const dynamo = createDynamoClients({ endpoint: settings.endpoint });
  try {
    const deps = createRedriveDeps(loadRedriveConfig(environment), {
      doc: dynamo.doc,
      logger: createLogger({ service: 'redrive-fulfillment', level: 'WARN' }),
    });
    let result;
    try {
      result = await redriveFailedOrders(deps, request);
    } catch (error) {
      const code = (error as { code?: unknown; name?: unknown }).code ?? (error as { name?: unknown }).name;
      if (code !== 'ECONNREFUSED' && code !== 'ResourceNotFoundException') throw error;
      process.stderr.write(
        `Cannot reach the Orders table ${environment['ORDERS_TABLE']} at ${settings.endpoint} (${String(code)}): is the local stack running (npm start)? Set DYNAMODB_ENDPOINT / TABLE_PREFIX if it runs elsewhere.\n`,
      );
      return 1;
    }
    const deadLetters = await deadLetterReport(settings.apiUrl, join(settings.dataDir, DEAD_LETTER_FILE_NAME));
    process.stdout.write(
      [
        `${result.dryRun ? 'Would re-queue' : 'Re-queued'} ${result.requeued.length} order(s)${result.more ? ' (more are left: run again)' : ''}.`,
        ...result.requeued.map((orderId) => `  ${orderId}`),
        ...(result.skipped.length > 0
          ? [
              `Skipped ${result.skipped.length}:`,
              ...result.skipped.map((skip) => `  ${skip.orderId}: ${skip.status ?? skip.reason}`),
            ]
          : []),
        deadLetters,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    dynamo.destroy();
  }
}

process.exitCode = await main();
