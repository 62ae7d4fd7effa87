import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A stream record the poller gave up on after its retries: the local counterpart of the message
 * the event source mapping puts on the fulfillment SQS dead-letter queue in AWS. Unlike Lambda's
 * (which only points at the shard and sequence numbers), it carries the order id and statuses,
 * because locally nobody can read the stream afterwards.
 */
export interface DeadLetter {
  readonly deadLetteredAt: string;
  readonly reason: 'retries-exhausted';
  /** Invocations of the handler with this record (first + retries). */
  readonly invocations: number;
  /** The handler's error when it threw instead of answering; absent when it reported the record as failed. */
  readonly lastError?: string;
  readonly streamArn: string;
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly eventID?: string;
  readonly eventName?: string;
  readonly orderId?: string;
  readonly newStatus?: string;
  readonly oldStatus?: string;
}

export interface DeadLetterStore {
  add(letter: DeadLetter): Promise<void>;
  /** Every dead letter, oldest first. */
  list(): readonly DeadLetter[];
  count(): number;
}

export function memoryDeadLetterStore(): DeadLetterStore {
  const letters: DeadLetter[] = [];
  return {
    add: async (letter) => {
      letters.push(letter);
    },
    list: () => [...letters],
    count: () => letters.length,
  };
}

/**
 * Dead letters in a JSON-lines file (one letter a line, appended), so they survive restarts and
 * can be counted with `wc -l` or `readDeadLetterFile`. Letters already in the file are loaded.
 */
export async function jsonLinesDeadLetterStore(file: string): Promise<DeadLetterStore> {
  const letters = await readDeadLetterFile(file);
  await mkdir(dirname(file), { recursive: true });
  // Appends are chained so concurrent adds never interleave within a line.
  let writing: Promise<void> = Promise.resolve();
  return {
    add: (letter) => {
      letters.push(letter);
      writing = writing.then(() => appendFile(file, `${JSON.stringify(letter)}\n`, 'utf8'));
      return writing;
    },
    list: () => [...letters],
    count: () => letters.length,
  };
}

/** The dead letters in a JSON-lines file; none when the file does not exist. Malformed lines are reported, not skipped. */
export async function readDeadLetterFile(file: string): Promise<DeadLetter[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const letters: DeadLetter[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      letters.push(JSON.parse(line) as DeadLetter);
    } catch {
      throw new Error(`${file}:${index + 1} is not a JSON dead letter`);
    }
  }
  return letters;
}

export async function countDeadLetters(file: string): Promise<number> {
  return (await readDeadLetterFile(file)).length;
}
