export {
  startLocalStack,
  WORKSPACE_ROOT,
  DEFAULT_SWEEP_INTERVAL_MS,
  type LocalStack,
  type LocalStackOptions,
  type LocalStackUrls,
} from './stack';
export {
  PORT_SPECS,
  PORT_COMPONENTS,
  PortInUseError,
  LocalStackConfigError,
  planPorts,
  isPortFree,
  findFreePort,
  type PortComponent,
  type PortPlan,
  type PortSpec,
} from './ports';
export { StartupError, streamOutput, silentOutput, type ProgressOutput } from './progress';
export { descendantProcesses, isProcessAlive, listProcesses, type ProcessInfo } from './process-tree';
export { formatUrlTable, formatTestCards } from './summary';
export type { StorefrontMode } from './storefront';
export type { ContractViolation } from '@tth/local-api';
