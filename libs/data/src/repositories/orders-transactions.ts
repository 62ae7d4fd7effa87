import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** Why each item of a cancelled transaction failed, in the order of the transaction's items. */
export type CancellationCode = 'None' | 'ConditionalCheckFailed' | 'TransactionConflict' | string;

export type TransactOutcome =
  { readonly ok: true } | { readonly ok: false; readonly codes: readonly CancellationCode[] };

export interface TransactRetryOptions {
  /** Attempts when DynamoDB cancels because another transaction touched the same item at once. */
  readonly attempts?: number;
  /** Upper bound of the first back-off; doubles per attempt, with full jitter. */
  readonly baseDelayMs?: number;
}

/**
 * Runs a TransactWriteItems. A condition failure is an answer (`{ ok: false, codes }`), not an
 * error. A cancellation caused only by concurrent transactions on the same items
 * (TransactionConflict) is retried with jittered exponential back-off: a hot ticket type under a
 * rush of buyers conflicts often, and each of those buyers deserves a real answer.
 */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  options: TransactRetryOptions = {},
): Promise<TransactOutcome> {
  const attempts = options.attempts ?? 12;
  const baseDelayMs = options.baseDelayMs ?? 15;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand(input));
      return { ok: true };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      const conflictOnly = codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
      if (!conflictOnly) return { ok: false, codes };
      if (attempt >= attempts) throw new TransactionContentionError(attempts);
      await sleep(Math.random() * baseDelayMs * 2 ** Math.min(attempt - 1, 6));
    }
  }
}

/** The per-item codes of a TransactionCanceledException, or undefined for any other error. */
export function cancellationCodes(error: unknown): CancellationCode[] | undefined {
  const isCancelled =
    error instanceof TransactionCanceledException ||
    (error as { name?: unknown } | null)?.name === 'TransactionCanceledException';
  if (!isCancelled) return undefined;
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

/** Thrown when a transaction kept conflicting with others after every retry (the caller answers 5xx). */
export class TransactionContentionError extends Error {
  constructor(readonly attempts: number) {
    super(`Transaction still conflicting after ${attempts} attempts`);
    this.name = 'TransactionContentionError';
  }
}

/** True for a ConditionalCheckFailedException from a single-item write. */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

/** Awaits a conditional single-item write: true when it was applied, false when its condition failed. */
export async function conditionalWrite(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
