import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient, Shard, _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { silentLogger, type Logger } from '@tth/runtime';
import { fullJitterDelay, realSleep, type BackoffPolicy, type RandomSource, type Sleep } from '../backoff';
import { memoryCheckpointStore, type CheckpointStore } from './checkpoints';
import { memoryDeadLetterStore, type DeadLetter, type DeadLetterStore } from './dead-letters';
import { toLambdaRecord } from './lambda-records';
import { FULFILLMENT_TRIGGER_FILTERS, matchesAnyPattern, type FilterPattern } from '../stream/trigger-filter';

/** The three DynamoDB Streams calls the poller makes; the SDK client in practice, a fake in unit tests. */
export interface StreamsApi {
  describeStream(input: {
    StreamArn: string;
    ExclusiveStartShardId?: string;
  }): Promise<{ Shards?: Shard[]; LastEvaluatedShardId?: string }>;
  getShardIterator(input: {
    StreamArn: string;
    ShardId: string;
    ShardIteratorType: 'TRIM_HORIZON' | 'LATEST' | 'AFTER_SEQUENCE_NUMBER';
    SequenceNumber?: string;
  }): Promise<{ ShardIterator?: string }>;
  getRecords(input: {
    ShardIterator: string;
    Limit?: number;
  }): Promise<{ Records?: SdkStreamRecord[]; NextShardIterator?: string }>;
}

// The SDK modules are loaded on first use: this file is also reachable from the worker's Lambda
// bundle, which must not load a Streams client it never uses.
const streamsSdk = () => import('@aws-sdk/client-dynamodb-streams');

export function sdkStreamsApi(client: DynamoDBStreamsClient): StreamsApi {
  return {
    describeStream: async (input) =>
      (await client.send(new (await streamsSdk()).DescribeStreamCommand(input))).StreamDescription ?? {},
    getShardIterator: async (input) => client.send(new (await streamsSdk()).GetShardIteratorCommand(input)),
    getRecords: async (input) => client.send(new (await streamsSdk()).GetRecordsCommand(input)),
  };
}

/** The ARN of a table's current stream (DescribeTable); fails when the table has no stream. */
export async function latestStreamArn(client: DynamoDBClient, tableName: string): Promise<string> {
  const { DescribeTableCommand } = await import('@aws-sdk/client-dynamodb');
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn || Table.StreamSpecification?.StreamEnabled === false)
    throw new Error(`Table ${tableName} has no stream enabled`);
  return Table.LatestStreamArn;
}

/** A Lambda-style stream handler: void or an empty `batchItemFailures` means every record succeeded. */
export type StreamBatchHandler = (
  event: DynamoDBStreamEvent,
  context: { awsRequestId: string; functionName: string },
) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  /** The stream to read (resolved once at start; retried until it answers). */
  readonly streamArn: () => Promise<string>;
  readonly streams: StreamsApi;
  readonly handler: StreamBatchHandler;
  /** Lambda filter patterns; records matching none are skipped. Default: the fulfillment triggers. */
  readonly filters?: readonly FilterPattern[];
  /** Records per invocation (event source mapping `batchSize`); default 10. */
  readonly batchSize?: number;
  /** Retries of a failing record before it is dead-lettered (mapping `retryAttempts`); default 5. */
  readonly maxRetries?: number;
  /** Back-off between retries of a batch; default 500 ms doubling up to 10 s, full jitter. */
  readonly retryBackoff?: BackoffPolicy;
  /** Pause when the stream has nothing new; default 250 ms. */
  readonly pollIntervalMs?: number;
  /** An invocation that has not answered by then counts as failed (a Lambda timeout); default 60 s. */
  readonly invocationTimeoutMs?: number;
  /** Where a shard without checkpoint starts; default TRIM_HORIZON (as the AWS mapping). */
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  readonly deadLetters?: DeadLetterStore;
  readonly checkpoints?: CheckpointStore;
  /** Reported as the invocation context's functionName. */
  readonly functionName?: string;
  readonly logger?: Logger;
  readonly sleep?: Sleep;
  readonly random?: RandomSource;
}

export interface StreamPollerStats {
  readonly invocations: number;
  readonly retries: number;
  readonly deadLettered: number;
  /** Filtered records handed to the handler that are settled (succeeded or dead-lettered). */
  readonly settledRecords: number;
}

export interface StreamPoller {
  /**
   * Stops polling. An invocation still running is abandoned the way a crashed worker's would be:
   * its records are not checkpointed, so the next poller delivers them again.
   */
  stop(): Promise<void>;
  deadLetters(): readonly DeadLetter[];
  stats(): StreamPollerStats;
}

class Stopped extends Error {}

const RETRYABLE_ITERATOR_ERRORS = new Set(['ExpiredIteratorException', 'TrimmedDataAccessException']);

/**
 * Polls a DynamoDB stream (DescribeStream → GetShardIterator → GetRecords) and drives a Lambda
 * stream handler with the event source mapping's semantics: filter patterns, batches, partial
 * batch responses (retry from the first failed record), bounded retries with back-off, then an
 * on-failure destination (the dead-letter store), and per-shard checkpoints. Parent shards are
 * drained before their children, closed shards are retired, expired iterators re-created from
 * the checkpoint.
 */
export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const logger = options.logger ?? silentLogger;
  const filters = options.filters ?? FULFILLMENT_TRIGGER_FILTERS;
  const batchSize = Math.max(1, options.batchSize ?? 10);
  const maxRetries = Math.max(0, options.maxRetries ?? 5);
  const backoff = options.retryBackoff ?? { baseDelayMs: 500, maxDelayMs: 10_000 };
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const invocationTimeoutMs = options.invocationTimeoutMs ?? 60_000;
  const deadLetters = options.deadLetters ?? memoryDeadLetterStore();
  const checkpoints = options.checkpoints ?? memoryCheckpointStore();
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const functionName = options.functionName ?? 'fulfillment-worker';
  const stats = { invocations: 0, retries: 0, deadLettered: 0, settledRecords: 0 };

  const stopController = new AbortController();
  const stopped = new Promise<never>((_resolve, reject) =>
    stopController.signal.addEventListener('abort', () => reject(new Stopped())),
  );
  stopped.catch(() => undefined);
  /** Waits for `work` unless the poller is stopped first (the work is then abandoned). */
  const unlessStopped = <T>(work: Promise<T>): Promise<T> => {
    work.catch(() => undefined);
    return Promise.race([work, stopped]);
  };
  const pause = (ms: number) => unlessStopped(sleep(ms));

  let streamArn = '';
  const iterators = new Map<string, string>();
  const finishedShards = new Set<string>();

  async function resolveStream(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        streamArn = await unlessStopped(options.streamArn());
        logger.info('Stream poller started', { streamArn, batchSize, maxRetries });
        return;
      } catch (error) {
        if (error instanceof Stopped) throw error;
        logger.warn('Stream not available yet; retrying', { attempt, error: (error as Error).message });
        await pause(
          fullJitterDelay(Math.min(attempt, 6), { baseDelayMs: pollIntervalMs, maxDelayMs: 5_000 }, random) +
            pollIntervalMs,
        );
      }
    }
  }

  async function listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const page = await unlessStopped(
        options.streams.describeStream({
          StreamArn: streamArn,
          ...(exclusiveStartShardId ? { ExclusiveStartShardId: exclusiveStartShardId } : {}),
        }),
      );
      shards.push(...(page.Shards ?? []));
      exclusiveStartShardId = page.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  async function iteratorFor(shardId: string, isChild: boolean): Promise<string | undefined> {
    const existing = iterators.get(shardId);
    if (existing) return existing;
    const checkpoint = await checkpoints.get(streamArn, shardId);
    // A child shard is read from its start: its parent was just drained, nothing may be skipped.
    const position = checkpoint
      ? ({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: checkpoint } as const)
      : ({ ShardIteratorType: isChild ? 'TRIM_HORIZON' : (options.startingPosition ?? 'TRIM_HORIZON') } as const);
    const { ShardIterator } = await unlessStopped(
      options.streams.getShardIterator({ StreamArn: streamArn, ShardId: shardId, ...position }),
    );
    if (ShardIterator) iterators.set(shardId, ShardIterator);
    return ShardIterator;
  }

  /** Reads one page of a shard and delivers it; true when there was something to read. */
  async function pollShard(shard: Shard, isChild: boolean): Promise<boolean> {
    const shardId = shard.ShardId as string;
    const iterator = await iteratorFor(shardId, isChild);
    if (!iterator) {
      finishedShards.add(shardId);
      return false;
    }
    let page;
    try {
      page = await unlessStopped(options.streams.getRecords({ ShardIterator: iterator, Limit: 100 }));
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (RETRYABLE_ITERATOR_ERRORS.has(name)) {
        // Re-created from the checkpoint on the next round (a trimmed position restarts at the oldest record).
        logger.info('Shard iterator no longer valid; re-creating it', { shardId, error: name });
        iterators.delete(shardId);
        return true;
      }
      if (name === 'ResourceNotFoundException') {
        logger.warn('Shard no longer exists; retiring it', { shardId });
        iterators.delete(shardId);
        finishedShards.add(shardId);
        return false;
      }
      throw error;
    }

    const raw = page.Records ?? [];
    const lambdaRecords = raw.map((record) => ({
      record: toLambdaRecord(record, streamArn),
      sequenceNumber: record.dynamodb?.SequenceNumber,
    }));
    const triggers = lambdaRecords.filter((entry) => matchesAnyPattern(entry.record, filters));
    for (let start = 0; start < triggers.length; start += batchSize) {
      const batch = triggers.slice(start, start + batchSize);
      await deliver(
        batch.map((entry) => entry.record),
        shardId,
      );
      const last = batch.at(-1)?.sequenceNumber;
      if (last) await checkpoints.set(streamArn, shardId, last);
    }
    const lastRaw = raw.at(-1)?.dynamodb?.SequenceNumber;
    if (lastRaw) await checkpoints.set(streamArn, shardId, lastRaw);

    if (page.NextShardIterator) {
      iterators.set(shardId, page.NextShardIterator);
    } else {
      iterators.delete(shardId);
      finishedShards.add(shardId);
      logger.info('Shard closed and fully read', { shardId });
    }
    return raw.length > 0;
  }

  /** One invocation; the set of failed sequence numbers, or `all` when the handler threw or timed out. */
  async function invoke(records: DynamoDBRecord[]): Promise<{ failed: Set<string> | 'all'; error?: string }> {
    stats.invocations += 1;
    const awsRequestId = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Handler timed out after ${invocationTimeoutMs} ms`)),
        invocationTimeoutMs,
      );
    });
    try {
      const response = await unlessStopped(
        Promise.race([
          Promise.resolve().then(() => options.handler({ Records: records }, { awsRequestId, functionName })),
          timeout,
        ]),
      );
      const identifiers = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
      const known = new Set(records.map((record) => record.dynamodb?.SequenceNumber));
      // As in Lambda: an empty or unknown identifier fails the whole batch.
      if (identifiers.some((id) => !id || !known.has(id)))
        return { failed: 'all', error: 'Handler reported an unknown batch item' };
      return { failed: new Set(identifiers) };
    } catch (error) {
      if (error instanceof Stopped) throw error;
      return { failed: 'all', error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  async function deliver(batch: DynamoDBRecord[], shardId: string): Promise<void> {
    let pending = batch;
    const invocations = new Map<string, number>();
    for (let retry = 0; ; retry++) {
      for (const record of pending) {
        const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
        invocations.set(sequenceNumber, (invocations.get(sequenceNumber) ?? 0) + 1);
      }
      const result = await invoke(pending);
      const failedIndex =
        result.failed === 'all'
          ? 0
          : pending.findIndex((record) => (result.failed as Set<string>).has(record.dynamodb?.SequenceNumber ?? ''));
      if (failedIndex < 0) {
        stats.settledRecords += pending.length;
        return;
      }
      // Like the event source mapping: everything before the first failure is done.
      stats.settledRecords += failedIndex;
      pending = pending.slice(failedIndex);
      if (retry >= maxRetries) {
        const dead =
          result.failed === 'all'
            ? pending
            : pending.filter((record) => (result.failed as Set<string>).has(record.dynamodb?.SequenceNumber ?? ''));
        for (const record of dead)
          await deadLetter(record, shardId, invocations.get(record.dynamodb?.SequenceNumber ?? '') ?? 0, result.error);
        stats.settledRecords += pending.length;
        return;
      }
      const delayMs = fullJitterDelay(retry + 1, backoff, random);
      stats.retries += 1;
      logger.warn('Stream batch failed; retrying', {
        shardId,
        retry: retry + 1,
        maxRetries,
        delayMs,
        failedRecords: pending.length,
        error: result.error,
      });
      await pause(delayMs);
    }
  }

  async function deadLetter(
    record: DynamoDBRecord,
    shardId: string,
    invocations: number,
    lastError: string | undefined,
  ): Promise<void> {
    const letter: DeadLetter = {
      deadLetteredAt: new Date().toISOString(),
      reason: 'retries-exhausted',
      invocations,
      ...(lastError ? { lastError } : {}),
      streamArn,
      shardId,
      sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      ...(record.eventID ? { eventID: record.eventID } : {}),
      ...(record.eventName ? { eventName: record.eventName } : {}),
      ...stringField('orderId', record.dynamodb?.Keys?.['orderId']?.S),
      ...stringField('newStatus', record.dynamodb?.NewImage?.['status']?.S),
      ...stringField('oldStatus', record.dynamodb?.OldImage?.['status']?.S),
    };
    await deadLetters.add(letter);
    stats.deadLettered += 1;
    logger.error('Stream record dead-lettered after its retries', {
      alert: 'FulfillmentDeadLetter',
      ...letter,
      deadLetterCount: deadLetters.count(),
    });
  }

  async function run(): Promise<void> {
    await resolveStream();
    let failures = 0;
    while (!stopController.signal.aborted) {
      let worked = false;
      try {
        const shards = await listShards();
        const known = new Set(shards.map((shard) => shard.ShardId));
        for (const shard of shards) {
          const shardId = shard.ShardId;
          if (!shardId || finishedShards.has(shardId)) continue;
          const parent = shard.ParentShardId;
          // Records of one key move to the child shard: drain the parent first to keep their order.
          if (parent && known.has(parent) && !finishedShards.has(parent)) continue;
          worked = (await pollShard(shard, Boolean(parent))) || worked;
        }
        failures = 0;
      } catch (error) {
        if (error instanceof Stopped) return;
        failures += 1;
        logger.error('Stream polling failed; backing off', { streamArn, error: (error as Error).message, failures });
        await pause(
          fullJitterDelay(Math.min(failures, 6), { baseDelayMs: pollIntervalMs * 2, maxDelayMs: 10_000 }, random) +
            pollIntervalMs,
        );
        continue;
      }
      if (!worked) await pause(pollIntervalMs);
    }
  }

  const running = run().catch((error: unknown) => {
    if (!(error instanceof Stopped))
      logger.error('Stream poller stopped by an unexpected error', { error: (error as Error).message });
  });

  return {
    stop: async () => {
      stopController.abort();
      await running;
      logger.info('Stream poller stopped', { streamArn, ...stats });
    },
    deadLetters: () => deadLetters.list(),
    stats: () => ({ ...stats }),
  };
}

function stringField<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
