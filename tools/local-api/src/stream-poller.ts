/**
 * The local stand-in for the Orders stream → fulfillment-worker event source mapping: reads
 * DynamoDB Local's real Streams API and invokes the very `handler` the Lambda exports, with the
 * mapping's filter, batching, partial-batch retries, back-off and dead letters
 * (docs/decisions/051-local-stream-poller.md).
 *
 *   const poller = await startStreamPoller({ dynamoEndpoint, tableNames, dataDir: '.local-data' });
 *   poller.deadLetterCount();   // dead letters so far (also in <dataDir>/fulfillment-dead-letters.jsonl)
 *   await poller.stop();
 *
 * Without `handler`, the fulfillment-worker module is loaded, which reads its configuration
 * from process.env (ORDERS_TABLE, DYNAMODB_ENDPOINT, FULFILLMENT_ENDPOINT, FULFILLMENT_API_KEY, …):
 * set it first, as the local API server does for the HTTP handlers.
 */
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { createDynamoClients, type TableNames } from '@tth/data';
import { type BackoffPolicy, type FilterPattern } from '@tth/fulfillment';
import {
  fileCheckpointStore,
  jsonLinesDeadLetterStore,
  latestStreamArn,
  memoryCheckpointStore,
  memoryDeadLetterStore,
  sdkStreamsApi,
  startStreamPoller as startPoller,
  type DeadLetter,
  type StreamBatchHandler,
  type StreamPollerStats,
} from '@tth/fulfillment/local';
import { loadHandlerModule } from '@tth/functions';
import { createLogger, type Logger } from '@tth/runtime';

export const DEAD_LETTER_FILE_NAME = 'fulfillment-dead-letters.jsonl';
export const CHECKPOINT_FILE_NAME = 'fulfillment-stream-checkpoints.json';

export interface LocalStreamPollerOptions {
  /** DynamoDB Local, e.g. http://127.0.0.1:8000. */
  readonly dynamoEndpoint: string;
  readonly tableNames: Pick<TableNames, 'Orders'>;
  /** Default: the fulfillment-worker Lambda handler. */
  readonly handler?: StreamBatchHandler;
  /** The mapping's filter patterns; default: the fulfillment triggers. */
  readonly filters?: readonly FilterPattern[];
  /** The consumer, in logs and in the invocation context; default `fulfillment-worker`. */
  readonly functionName?: string;
  /** File names of the dead letters and checkpoints in `dataDir`; default the fulfillment worker's. */
  readonly fileNames?: { readonly deadLetters: string; readonly checkpoints: string };
  /**
   * Keep dead letters (JSON lines) and stream checkpoints in files here, so they survive a
   * restart; default: in memory only.
   */
  readonly dataDir?: string;
  /** Retries before a record is dead-lettered; default 5, as the AWS mapping (tools/infra streamRetryAttempts). */
  readonly maxRetries?: number;
  /** Back-off between retries; default 500 ms doubling to 10 s (tests use a few ms). */
  readonly retryBackoff?: BackoffPolicy;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** The worker Lambda's timeout; default 60 s. */
  readonly invocationTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface LocalStreamPoller {
  /** Stops polling; a running invocation is abandoned like a crashed worker's (its records come again). */
  stop(): Promise<void>;
  deadLetters(): readonly DeadLetter[];
  deadLetterCount(): number;
  /** The JSON-lines file dead letters go to, when `dataDir` was given. */
  readonly deadLetterFile?: string;
  stats(): StreamPollerStats;
}

export async function startStreamPoller(options: LocalStreamPollerOptions): Promise<LocalStreamPoller> {
  const logger = options.logger ?? createLogger({ service: 'local-stream-poller' });
  const handler = options.handler ?? (await loadHandlerModule('fulfillment-worker')).handler;
  const fileNames = options.fileNames ?? { deadLetters: DEAD_LETTER_FILE_NAME, checkpoints: CHECKPOINT_FILE_NAME };
  const deadLetterFile = options.dataDir ? join(options.dataDir, fileNames.deadLetters) : undefined;
  const deadLetters = deadLetterFile ? await jsonLinesDeadLetterStore(deadLetterFile) : memoryDeadLetterStore();
  const checkpoints = options.dataDir
    ? await fileCheckpointStore(join(options.dataDir, fileNames.checkpoints))
    : memoryCheckpointStore();

  const dynamo = createDynamoClients({ endpoint: options.dynamoEndpoint });
  const streamsClient = new DynamoDBStreamsClient({
    endpoint: options.dynamoEndpoint,
    region: process.env['AWS_REGION'] ?? 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  const poller = startPoller({
    streamArn: () => latestStreamArn(dynamo.client, options.tableNames.Orders),
    streams: sdkStreamsApi(streamsClient),
    handler,
    deadLetters,
    checkpoints,
    functionName: `${options.functionName ?? 'fulfillment-worker'} (local)`,
    ...(options.filters ? { filters: options.filters } : {}),
    logger,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.retryBackoff ? { retryBackoff: options.retryBackoff } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.invocationTimeoutMs !== undefined ? { invocationTimeoutMs: options.invocationTimeoutMs } : {}),
  });

  return {
    stop: async () => {
      await poller.stop();
      streamsClient.destroy();
      dynamo.destroy();
    },
    deadLetters: () => poller.deadLetters(),
    deadLetterCount: () => deadLetters.count(),
    ...(deadLetterFile ? { deadLetterFile } : {}),
    stats: () => poller.stats(),
  };
}
