import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbLocalError, findFreePort, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';

const started: DynamoDbLocal[] = [];
const servers: Server[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((db) => db.stop()));
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function clientFor(endpoint: string) {
  return new DynamoDBClient({ endpoint, region: 'us-east-2', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
}

function groupIsAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startDynamoDbLocal', () => {
  it('starts on a free port, answers requests, and leaves no process behind after stop', async () => {
    // Arrange
    const db = await startDynamoDbLocal();
    const client = clientFor(db.endpoint);

    // Act
    const tables = await client.send(new ListTablesCommand({}));
    client.destroy();
    await db.stop();

    // Assert
    expect(db.endpoint).toBe(`http://127.0.0.1:${db.port}`);
    expect(tables.TableNames).toEqual([]);
    expect(groupIsAlive(db.pid)).toBe(false);
  });

  it('refuses a port that is already taken, naming it', async () => {
    // Arrange
    const port = await findFreePort();
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((done) => blocker.listen(port, done));

    // Act
    const attempt = startDynamoDbLocal({ port });

    // Assert
    await expect(attempt).rejects.toThrow(DynamoDbLocalError);
    await expect(attempt).rejects.toThrow(`Port ${port} is already in use`);
  });

  it('explains how to install Java when it is missing', async () => {
    // Arrange
    const javaPath = '/nonexistent/bin/java';

    // Act
    const attempt = startDynamoDbLocal({ javaPath });

    // Assert
    await expect(attempt).rejects.toThrow(/Java is required to run DynamoDB Local.*openjdk-17-jre-headless/);
  });

  it('keeps tables across restarts when given a data directory', async () => {
    // Arrange
    const dataDir = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    dirs.push(dataDir);
    const first = await startDynamoDbLocal({ dataDir });
    const firstClient = clientFor(first.endpoint);
    await firstClient.send(
      new CreateTableCommand({
        TableName: 'persisted',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    firstClient.destroy();
    await first.stop();

    // Act
    const second = await startDynamoDbLocal({ dataDir });
    started.push(second);
    const secondClient = clientFor(second.endpoint);
    const tables = await secondClient.send(new ListTablesCommand({}));
    secondClient.destroy();

    // Assert
    expect(tables.TableNames).toEqual(['persisted']);
    // Two JVM starts, each allowed its own 30 s on a busy machine (startTimeoutMs), plus the stop between them.
  }, 90_000);
});
