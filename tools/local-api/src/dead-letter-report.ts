import { existsSync } from 'node:fs';
import { countDeadLetters } from '@tth/fulfillment/local';

/** Local only, outside the spec (like /health): the running stack's fulfillment dead letters. */
export const DEAD_LETTERS_PATH = '/_local/fulfillment-dead-letters';

export interface DeadLetterSummary {
  readonly count: number;
  /** The JSON-lines file they are kept in; null when the stack keeps them in memory (no --persist). */
  readonly file: string | null;
}

const ASK_TIMEOUT_MS = 2_000;

/**
 * One line for the operator: how many fulfillment dead letters the local stack has so far. The
 * running stack is asked first, since only it knows where it keeps them (in memory without
 * --persist); a file of a stand-alone poller is counted when no stack answers.
 */
export async function deadLetterReport(apiUrl: string, deadLetterFile: string): Promise<string> {
  const summary = await askStack(apiUrl);
  if (summary) {
    const where = summary.file ?? "in the running stack's memory; `npm start -- --persist` keeps them in a file";
    return `Local fulfillment dead letters so far: ${summary.count} (${where}).`;
  }
  if (existsSync(deadLetterFile)) {
    const count = await countDeadLetters(deadLetterFile);
    return `Local fulfillment dead letters so far: ${count} (${deadLetterFile}; no local stack answered at ${apiUrl}).`;
  }
  return `Local fulfillment dead letters: unknown (no local stack answered at ${apiUrl}, and there is no ${deadLetterFile}).`;
}

async function askStack(apiUrl: string): Promise<DeadLetterSummary | undefined> {
  try {
    const response = await fetch(new URL(DEAD_LETTERS_PATH, apiUrl), { signal: AbortSignal.timeout(ASK_TIMEOUT_MS) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as Partial<DeadLetterSummary>;
    if (!Number.isSafeInteger(body.count) || !(typeof body.file === 'string' || body.file === null)) return undefined;
    return { count: body.count as number, file: body.file };
  } catch {
    return undefined;
  }
}
