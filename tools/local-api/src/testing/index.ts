/** Test helpers of the local API tooling (provider double, paid orders, polling), for tests only. */
export {
  API_KEY,
  WORKSPACE_ROOT,
  payOrder,
  startProviderDouble,
  statusOf,
  until,
  type ProviderDouble,
} from './stream-poller';
