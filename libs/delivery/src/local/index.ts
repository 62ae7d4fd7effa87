/**
 * `@tth/delivery/local`: the order events bus on a developer's machine (asynchronous delivery to
 * the consumers' handlers with EventBridge's retries and a dead-letter list). Local only: no
 * Lambda imports this entry.
 */
export {
  createLocalOrderEventBus,
  type LocalBusDeadLetter,
  type LocalBusEvent,
  type LocalBusTarget,
  type LocalOrderEventBus,
  type LocalOrderEventBusOptions,
} from './local-bus';
