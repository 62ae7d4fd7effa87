/**
 * `@tth/data/local`: DynamoDB Local (the AWS jar on the machine's Java) and the bootstrap that
 * starts it, creates the tables and seeds the demo catalog. Local only: no Lambda imports this
 * entry, and a bundle test keeps it out of every bundle.
 */
export { seedDemoCatalog } from '../catalog/seed';
export { bootstrapLocalDynamo, LOCAL_TABLE_PREFIX, type LocalDynamo, type LocalDynamoOptions } from './bootstrap';
export {
  DynamoDbLocalError,
  findDynamoDbLocalJarDir,
  findFreePort,
  startDynamoDbLocal,
  type DynamoDbLocal,
  type DynamoDbLocalOptions,
} from './dynamodb-local';
