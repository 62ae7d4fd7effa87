import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Where the poller remembers, per stream and shard, the last record it finished with (what the
 * event source mapping keeps for a Lambda). A record is checkpointed only after the handler
 * succeeded with it or it was dead-lettered, so a poller that dies mid-batch re-delivers it.
 */
export interface CheckpointStore {
  get(streamArn: string, shardId: string): Promise<string | undefined>;
  set(streamArn: string, shardId: string, sequenceNumber: string): Promise<void>;
}

type Checkpoints = Record<string, Record<string, string>>;

export function memoryCheckpointStore(): CheckpointStore {
  const checkpoints: Checkpoints = {};
  return {
    get: async (streamArn, shardId) => checkpoints[streamArn]?.[shardId],
    set: async (streamArn, shardId, sequenceNumber) => {
      (checkpoints[streamArn] ??= {})[shardId] = sequenceNumber;
    },
  };
}

/**
 * Checkpoints in a JSON file, rewritten atomically (temp file + rename) on every change, so a
 * restarted local stack resumes where it stopped. Keyed by stream ARN: a fresh in-memory
 * DynamoDB Local has a new stream and starts from its beginning.
 */
export async function fileCheckpointStore(file: string): Promise<CheckpointStore> {
  let checkpoints: Checkpoints = {};
  try {
    checkpoints = JSON.parse(await readFile(file, 'utf8')) as Checkpoints;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`Cannot read stream checkpoints from ${file}: ${(error as Error).message}`);
  }
  await mkdir(dirname(file), { recursive: true });
  let writing: Promise<void> = Promise.resolve();
  return {
    get: async (streamArn, shardId) => checkpoints[streamArn]?.[shardId],
    set: (streamArn, shardId, sequenceNumber) => {
      checkpoints = { ...checkpoints, [streamArn]: { ...checkpoints[streamArn], [shardId]: sequenceNumber } };
      const snapshot = JSON.stringify(checkpoints, null, 2);
      writing = writing.then(async () => {
        await writeFile(`${file}.tmp`, snapshot, 'utf8');
        await rename(`${file}.tmp`, file);
      });
      return writing;
    },
  };
}
