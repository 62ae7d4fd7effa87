import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileCheckpointStore } from './checkpoints';
import { countDeadLetters, jsonLinesDeadLetterStore, readDeadLetterFile, type DeadLetter } from './dead-letters';

const letter = (orderId: string): DeadLetter => ({
  deadLetteredAt: '2026-05-01T10:00:00.000Z',
  reason: 'retries-exhausted',
  invocations: 6,
  streamArn: 'arn:stream',
  shardId: 'shard-1',
  sequenceNumber: '000000000000000000001',
  orderId,
  oldStatus: 'PENDING_PAYMENT',
  newStatus: 'PAID',
});

describe('local stores', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tth-fulfillment-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends dead letters as JSON lines that survive a restart and can be counted', async () => {
    // Arrange
    const file = join(dir, 'nested', 'dead-letters.jsonl');
    const first = await jsonLinesDeadLetterStore(file);
    await Promise.all([first.add(letter('ord_1')), first.add(letter('ord_2'))]);

    // Act
    const reopened = await jsonLinesDeadLetterStore(file);
    await reopened.add(letter('ord_3'));

    // Assert
    expect(reopened.count()).toBe(3);
    expect(reopened.list().map((entry) => entry.orderId)).toEqual(['ord_1', 'ord_2', 'ord_3']);
    expect(await countDeadLetters(file)).toBe(3);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('counts no dead letters when there is no file yet', async () => {
    // Arrange
    const file = join(dir, 'missing.jsonl');

    // Act
    const count = await countDeadLetters(file);

    // Assert
    expect(count).toBe(0);
  });

  it('names the line of a corrupt dead-letter file instead of skipping it', async () => {
    // Arrange
    const file = join(dir, 'dead-letters.jsonl');
    writeFileSync(file, `${JSON.stringify(letter('ord_1'))}\n\nnot json\n`);

    // Act
    const reading = readDeadLetterFile(file);

    // Assert
    await expect(reading).rejects.toThrow(`${file}:3 is not a JSON dead letter`);
  });

  it('keeps checkpoints per stream and shard in a file a restarted poller reads', async () => {
    // Arrange
    const file = join(dir, 'checkpoints.json');
    const store = await fileCheckpointStore(file);
    await store.set('arn:a', 'shard-1', '0001');
    await store.set('arn:a', 'shard-1', '0002');
    await store.set('arn:a', 'shard-2', '0007');
    await store.set('arn:b', 'shard-1', '0100');

    // Act
    const reopened = await fileCheckpointStore(file);

    // Assert
    expect(await reopened.get('arn:a', 'shard-1')).toBe('0002');
    expect(await reopened.get('arn:a', 'shard-2')).toBe('0007');
    expect(await reopened.get('arn:b', 'shard-1')).toBe('0100');
    expect(await reopened.get('arn:c', 'shard-1')).toBeUndefined();
  });
});
