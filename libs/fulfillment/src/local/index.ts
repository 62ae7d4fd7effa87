/**
 * `@tth/fulfillment/local`: the local stand-in for the Orders stream's event source mapping (a
 * poller on DynamoDB Local's Streams API) and its checkpoint and dead-letter stores. Local only:
 * no Lambda imports this entry, and a bundle test keeps it out of every bundle.
 */
export { fileCheckpointStore, memoryCheckpointStore, type CheckpointStore } from './checkpoints';
export {
  countDeadLetters,
  jsonLinesDeadLetterStore,
  memoryDeadLetterStore,
  readDeadLetterFile,
  type DeadLetter,
  type DeadLetterStore,
} from './dead-letters';
export { toLambdaRecord } from './lambda-records';
export {
  latestStreamArn,
  sdkStreamsApi,
  startStreamPoller,
  type StreamBatchHandler,
  type StreamPoller,
  type StreamPollerOptions,
  type StreamPollerStats,
  type StreamsApi,
} from './stream-poller';
