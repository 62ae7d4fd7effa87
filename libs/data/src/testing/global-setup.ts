/**
 * Vitest globalSetup: ONE DynamoDB Local for the whole test run, on a random free port.
 * Test files reach it through `testDynamoEndpoint()` / `createIsolatedTables()` from
 * `@tth/data/testing`. Wire it in a project's vitest.config.ts as shown in ./index.ts.
 *
 * Set TTH_TEST_DYNAMODB_ENDPOINT to reuse a DynamoDB Local you already run instead.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import './provided-context';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['TTH_TEST_DYNAMODB_ENDPOINT']?.trim();
  if (external) {
    project.provide('dynamoEndpoint', external);
    return async () => undefined;
  }
  const dynamoDbLocal = await startDynamoDbLocal({ startTimeoutMs: 60_000 });
  project.provide('dynamoEndpoint', dynamoDbLocal.endpoint);
  return () => dynamoDbLocal.stop();
}
