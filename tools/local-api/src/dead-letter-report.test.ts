import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@tth/runtime';
import { deadLetterReport } from './dead-letter-report';
import { startLocalApi, type LocalApi } from './server';

describe('deadLetterReport', () => {
  let dir: string;
  let inMemory: LocalApi;
  let persisted: LocalApi;
  let withoutPoller: LocalApi;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dead-letters-'));
    file = join(dir, 'fulfillment-dead-letters.jsonl');
    writeFileSync(file, '{"orderId":"ord_1"}\n{"orderId":"ord_2"}\n');
    inMemory = await startLocalApi({ logger: silentLogger, deadLetters: () => ({ count: 3, file: null }) });
    persisted = await startLocalApi({ logger: silentLogger, deadLetters: () => ({ count: 2, file }) });
    withoutPoller = await startLocalApi({ logger: silentLogger });
  });
  afterAll(async () => {
    await Promise.all([inMemory.close(), persisted.close(), withoutPoller.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports what a stack without --persist holds in memory, not an empty file', async () => {
    // Act
    const line = await deadLetterReport(inMemory.url, join(dir, 'nothing-here.jsonl'));

    // Assert
    expect(line).toMatch(/^Local fulfillment dead letters so far: 3 \(in the running stack's memory/);
  });

  it('reports a persisting stack’s count with its file', async () => {
    expect(await deadLetterReport(persisted.url, file)).toBe(`Local fulfillment dead letters so far: 2 (${file}).`);
  });

  it('counts the file when no stack knows about dead letters (a stand-alone poller)', async () => {
    expect(await deadLetterReport(withoutPoller.url, file)).toBe(
      `Local fulfillment dead letters so far: 2 (${file}; no local stack answered at ${withoutPoller.url}).`,
    );
  });

  it('says it does not know rather than reporting 0', async () => {
    expect(await deadLetterReport(withoutPoller.url, join(dir, 'nothing-here.jsonl'))).toMatch(
      /^Local fulfillment dead letters: unknown \(no local stack answered at/,
    );
  });
});
