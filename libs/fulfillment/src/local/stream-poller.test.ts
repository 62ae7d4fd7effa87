import type { _Record as SdkStreamRecord, Shard } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/paid-orders';
import { memoryCheckpointStore } from './checkpoints';
import {
  startStreamPoller,
  type StreamBatchHandler,
  type StreamPoller,
  type StreamPollerOptions,
  type StreamsApi,
} from './stream-poller';

const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/test';

interface FakeShard {
  readonly shardId: string;
  readonly parentShardId?: string;
  readonly records: SdkStreamRecord[];
  closed: boolean;
}

/** An in-memory DynamoDB Streams API: shards with records, closable (rollover), with iterators that can be expired. */
class FakeStreams implements StreamsApi {
  readonly shards: FakeShard[] = [];
  readonly expireNext = new Set<string>();
  private sequence = 0;

  addShard(shardId: string, parentShardId?: string): FakeShard {
    const shard: FakeShard = { shardId, ...(parentShardId ? { parentShardId } : {}), records: [], closed: false };
    this.shards.push(shard);
    return shard;
  }

  /** Appends a status change of an order to a shard and returns its sequence number. */
  write(shard: FakeShard, orderId: string, oldStatus: string | undefined, newStatus: string): string {
    this.sequence += 1;
    const sequenceNumber = String(this.sequence).padStart(21, '0');
    shard.records.push({
      eventID: `evt-${this.sequence}`,
      eventName: oldStatus ? 'MODIFY' : 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: new Date('2026-05-01T10:00:00Z'),
        Keys: { orderId: { S: orderId } },
        NewImage: { orderId: { S: orderId }, status: { S: newStatus } },
        ...(oldStatus ? { OldImage: { orderId: { S: orderId }, status: { S: oldStatus } } } : {}),
        SequenceNumber: sequenceNumber,
        SizeBytes: 50,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    return sequenceNumber;
  }

  async describeStream(): Promise<{ Shards: Shard[] }> {
    return {
      Shards: this.shards.map((shard) => ({
        ShardId: shard.shardId,
        ...(shard.parentShardId ? { ParentShardId: shard.parentShardId } : {}),
      })),
    };
  }

  async getShardIterator(input: {
    ShardId: string;
    ShardIteratorType: string;
    SequenceNumber?: string;
  }): Promise<{ ShardIterator?: string }> {
    const shard = this.shard(input.ShardId);
    let position = 0;
    if (input.ShardIteratorType === 'LATEST') position = shard.records.length;
    if (input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER')
      position = shard.records.findIndex((record) => record.dynamodb?.SequenceNumber === input.SequenceNumber) + 1;
    return { ShardIterator: `${shard.shardId}|${position}` };
  }

  async getRecords(input: {
    ShardIterator: string;
    Limit?: number;
  }): Promise<{ Records: SdkStreamRecord[]; NextShardIterator?: string }> {
    if (this.expireNext.delete(input.ShardIterator))
      throw Object.assign(new Error('Iterator expired'), { name: 'ExpiredIteratorException' });
    const [shardId, rawPosition] = input.ShardIterator.split('|') as [string, string];
    const shard = this.shard(shardId);
    const position = Number(rawPosition);
    const records = shard.records.slice(position, position + (input.Limit ?? 100));
    const next = position + records.length;
    const drained = shard.closed && next >= shard.records.length;
    return { Records: records, ...(drained ? {} : { NextShardIterator: `${shardId}|${next}` }) };
  }

  private shard(shardId: string): FakeShard {
    const shard = this.shards.find((candidate) => candidate.shardId === shardId);
    if (!shard) throw Object.assign(new Error('No such shard'), { name: 'ResourceNotFoundException' });
    return shard;
  }
}

/** A handler that records every invocation and answers with what `decide` says. */
function recordingHandler(
  decide: (
    event: DynamoDBStreamEvent,
    invocation: number,
  ) => Promise<DynamoDBBatchResponse | void> | DynamoDBBatchResponse | void = () => undefined,
) {
  const invocations: DynamoDBRecord[][] = [];
  const handler: StreamBatchHandler = async (event) => {
    invocations.push(event.Records);
    return decide(event, invocations.length);
  };
  const orderIdsPerInvocation = () =>
    invocations.map((records) => records.map((record) => record.dynamodb?.Keys?.['orderId']?.S));
  return { handler, invocations, orderIdsPerInvocation };
}

describe('stream poller', () => {
  const pollers: StreamPoller[] = [];
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  });

  function start(
    streams: FakeStreams,
    handler: StreamBatchHandler,
    options: Partial<StreamPollerOptions> = {},
  ): StreamPoller {
    const poller = startStreamPoller({
      streamArn: async () => STREAM_ARN,
      streams,
      handler,
      pollIntervalMs: 5,
      retryBackoff: { baseDelayMs: 1, maxDelayMs: 4 },
      maxRetries: 2,
      ...options,
    });
    pollers.push(poller);
    return poller;
  }

  it('delivers only the fulfillment triggers, in the Lambda event shape, in batches', async () => {
    // Arrange
    const streams = new FakeStreams();
    const shard = streams.addShard('shard-1');
    streams.write(shard, 'ord_a', undefined, 'PENDING_PAYMENT');
    streams.write(shard, 'ord_a', 'PENDING_PAYMENT', 'PAID');
    streams.write(shard, 'ord_a', 'PAID', 'FULFILLING');
    streams.write(shard, 'ord_b', 'PENDING_PAYMENT', 'PAID');
    streams.write(shard, 'ord_c', 'PENDING_PAYMENT', 'PAID');
    const { handler, invocations, orderIdsPerInvocation } = recordingHandler();

    // Act
    start(streams, handler, { batchSize: 2 });
    await eventually(async () => (invocations.length === 2 ? true : undefined));

    // Assert
    expect(orderIdsPerInvocation()).toEqual([['ord_a', 'ord_b'], ['ord_c']]);
    expect(invocations[0]?.[0]).toMatchObject({
      eventName: 'MODIFY',
      eventSource: 'aws:dynamodb',
      eventSourceARN: STREAM_ARN,
      dynamodb: {
        Keys: { orderId: { S: 'ord_a' } },
        NewImage: { status: { S: 'PAID' } },
        OldImage: { status: { S: 'PENDING_PAYMENT' } },
        ApproximateCreationDateTime: Date.parse('2026-05-01T10:00:00Z') / 1000,
      },
    });
  });

  it('keeps polling and delivers records written later', async () => {
    // Arrange
    const streams = new FakeStreams();
    const shard = streams.addShard('shard-1');
    const { handler, orderIdsPerInvocation } = recordingHandler();
    start(streams, handler);
    await new Promise((resolve) => setTimeout(resolve, 30));

    // Act
    streams.write(shard, 'ord_late', 'PENDING_PAYMENT', 'PAID');

    // Assert
    await eventually(async () => (orderIdsPerInvocation().flat().includes('ord_late') ? true : undefined));
    expect(orderIdsPerInvocation()).toEqual([['ord_late']]);
  });

  it('drains a closed parent shard before its child, then retires the parent (shard rollover)', async () => {
    // Arrange
    const streams = new FakeStreams();
    const parent = streams.addShard('shard-parent');
    streams.write(parent, 'ord_1', 'PENDING_PAYMENT', 'PAID');
    streams.write(parent, 'ord_2', 'PENDING_PAYMENT', 'PAID');
    parent.closed = true;
    const child = streams.addShard('shard-child', 'shard-parent');
    streams.write(child, 'ord_3', 'PENDING_PAYMENT', 'PAID');
    // DescribeStream lists the child first: order must come from the parent link, not the listing.
    streams.shards.reverse();
    const { handler, orderIdsPerInvocation } = recordingHandler();

    // Act
    start(streams, handler, { batchSize: 1 });
    await eventually(async () => (orderIdsPerInvocation().length === 3 ? true : undefined));
    streams.write(child, 'ord_4', 'PENDING_PAYMENT', 'PAID');
    await eventually(async () => (orderIdsPerInvocation().length === 4 ? true : undefined));

    // Assert
    expect(orderIdsPerInvocation().flat()).toEqual(['ord_1', 'ord_2', 'ord_3', 'ord_4']);
  });

  it('retries a partially failed batch from its first failed record, like the event source mapping', async () => {
    // Arrange
    const streams = new FakeStreams();
    const shard = streams.addShard('shard-1');
    streams.write(shard, 'ord_1', 'PENDING_PAYMENT', 'PAID');
    const second = streams.write(shard, 'ord_2', 'PENDING_PAYMENT', 'PAID');
    streams.write(shard, 'ord_3', 'PENDING_PAYMENT', 'PAID');
    const { handler, orderIdsPerInvocation } = recordingHandler((_event, invocation) =>
      invocation === 1 ? { batchItemFailures: [{ itemIdentifier: second }] } : undefined,
    );

    // Act
    const poller = start(streams, handler);
    await eventually(async () => (orderIdsPerInvocation().length === 2 ? true : undefined));

    // Assert
    expect(orderIdsPerInvocation()).toEqual([
      ['ord_1', 'ord_2', 'ord_3'],
      ['ord_2', 'ord_3'],
    ]);
    expect(poller.deadLetters()).toEqual([]);
  });

  it('dead-letters a record that keeps failing after the retries, with back-off between them, and moves on', async () => {
    // Arrange
    const streams = new FakeStreams();
    const shard = streams.addShard('shard-1');
    const poison = streams.write(shard, 'ord_poison', 'PENDING_PAYMENT', 'PAID');
    streams.write(shard, 'ord_next', 'PENDING_PAYMENT', 'PAID');
    const delays: number[] = [];
    const { handler, orderIdsPerInvocation } = recordingHandler((event) => ({
      batchItemFailures: event.Records.filter((record) => record.dynamodb?.SequenceNumber === poison).map(() => ({
        itemIdentifier: poison,
      })),
    }));

    // Act
    const poller = start(streams, handler, {
      batchSize: 1,
      maxRetries: 3,
      retryBackoff: { baseDelayMs: 100, maxDelayMs: 1_000 },
      random: () => 0.5,
      sleep: (ms) => {
        if (ms >= 50) delays.push(ms);
        return new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    await eventually(async () => (orderIdsPerInvocation().flat().includes('ord_next') ? true : undefined));

    // Assert
    expect(orderIdsPerInvocation()).toEqual([
      ['ord_poison'],
      ['ord_poison'],
      ['ord_poison'],
      ['ord_poison'],
      ['ord_next'],
    ]);
    expect(delays).toEqual([50, 100, 200]);
    expect(poller.deadLetters()).toEqual([
      expect.objectContaining({
        reason: 'retries-exhausted',
        invocations: 4,
        orderId: 'ord_poison',
        oldStatus: 'PENDING_PAYMENT',
        newStatus: 'PAID',
        sequenceNumber: poison,
        shardId: 'shard-1',
        streamArn: STREAM_ARN,
      }),
    ]);
    expect(poller.stats()).toMatchObject({ deadLettered: 1, retries: 3 });
  });

  it('treats a handler that throws or times out as a failure of the whole batch', async () => {
    // Arrange
    const streams = new FakeStreams();
    const shard = streams.addShard('shard-1');
    streams.write(shard, 'ord_throws', 'PENDING_PAYMENT', 'PAID');
    streams.write(shard, 'ord_hangs', 'PENDING_PAYMENT', 'PAID');
    const { handler } = recordingHandler((event) => {
      if (event.Records[0]?.dynamodb?.Keys?.['orderId']?.S === 'ord_throws') throw new Error('worker crashed');
      return new Promise<never>(() => undefined);
    });

    // Act
    const poller = start(streams, handler, { batchSize: 1, maxRetries: 1, invocationTimeoutMs: 20 });
    await eventually(async () => (poller.deadLetters().length === 2 ? true : undefined));

    // Assert
    expect(poller.deadLetters().map((letter) => [letter.orderId, letter.invocations, letter.lastError])).toEqual([
      ['ord_throws', 2, 'worker crashed'],
      ['ord_hangs', 2, 'Handler timed out after 20 ms'],
    ]);
  });

  it('abandons the running invocation on stop, and the next poller delivers its records again', async () => {
    // Arrange
    const streams = new FakeStreams();
    const shard = streams.addShard('shard-1');
    streams.write(shard, 'ord_done', 'PENDING_PAYMENT', 'PAID');
    streams.write(shard, 'ord_inflight', 'PENDING_PAYMENT', 'PAID');
    const checkpoints = memoryCheckpointStore();
    const first = recordingHandler((event) =>
      event.Records[0]?.dynamodb?.Keys?.['orderId']?.S === 'ord_inflight'
        ? new Promise<never>(() => undefined)
        : undefined,
    );
    const crashed = start(streams, first.handler, { batchSize: 1, checkpoints });
    await eventually(async () => (first.invocations.length === 2 ? true : undefined));

    // Act
    await crashed.stop();
    const second = recordingHandler();
    start(streams, second.handler, { batchSize: 1, checkpoints });
    await eventually(async () => (second.invocations.length === 1 ? true : undefined));

    // Assert
    expect(second.orderIdsPerInvocation()).toEqual([['ord_inflight']]);
  });

  it('re-creates an expired iterator from the checkpoint without delivering anything twice', async () => {
    // Arrange
    const streams = new FakeStreams();
    const shard = streams.addShard('shard-1');
    streams.write(shard, 'ord_1', 'PENDING_PAYMENT', 'PAID');
    const { handler, orderIdsPerInvocation } = recordingHandler();
    start(streams, handler);
    await eventually(async () => (orderIdsPerInvocation().length === 1 ? true : undefined));

    // Act
    streams.expireNext.add('shard-1|1');
    streams.write(shard, 'ord_2', 'PENDING_PAYMENT', 'PAID');
    await eventually(async () => (orderIdsPerInvocation().length === 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 30));

    // Assert
    expect(orderIdsPerInvocation()).toEqual([['ord_1'], ['ord_2']]);
  });

  it('keeps trying to find the stream until it exists', async () => {
    // Arrange
    const streams = new FakeStreams();
    const shard = streams.addShard('shard-1');
    streams.write(shard, 'ord_1', 'PENDING_PAYMENT', 'PAID');
    let lookups = 0;
    const { handler, invocations } = recordingHandler();

    // Act
    start(streams, handler, {
      streamArn: async () => {
        lookups += 1;
        if (lookups < 3) throw new Error('ResourceNotFoundException: table not created yet');
        return STREAM_ARN;
      },
    });
    await eventually(async () => (invocations.length === 1 ? true : undefined));

    // Assert
    expect(lookups).toBe(3);
  });
});
