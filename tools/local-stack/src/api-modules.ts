/**
 * The pieces of apps/api the stack runs in-process: the local API server, the stream poller that
 * drives the fulfillment worker, and the scheduled sweep handler.
 *
 * They are loaded by file path at run time, because apps/api is an application (no import alias)
 * and the module-boundary rule refuses relative imports into another project. The interfaces
 * below are the slice of their exports this stack relies on; the local-stack tests exercise them
 * against the real modules, so a breaking change there fails here.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TableNames } from '@tth/data';
import type { BackoffPolicy, DeadLetter, StreamPollerStats } from '@tth/fulfillment';
import type { SweepResult } from '@tth/orders';
import type { Logger } from '@tth/runtime';

export interface ContractViolation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly issues: readonly { readonly field: string; readonly message: string }[];
}

export interface LocalApi {
  readonly url: string;
  readonly port: number;
  readonly contractViolations: readonly ContractViolation[];
  close(): Promise<void>;
}

export interface LocalApiModule {
  startLocalApi(options: {
    readonly port?: number;
    readonly host?: string;
    readonly storefrontOrigin?: string | readonly string[];
    readonly validateResponses?: boolean;
    readonly logger?: Logger;
  }): Promise<LocalApi>;
}

export interface LocalStreamPoller {
  stop(): Promise<void>;
  deadLetters(): readonly DeadLetter[];
  deadLetterCount(): number;
  readonly deadLetterFile?: string;
  stats(): StreamPollerStats;
}

export interface StreamPollerModule {
  startStreamPoller(options: {
    readonly dynamoEndpoint: string;
    readonly tableNames: Pick<TableNames, 'Orders'>;
    readonly dataDir?: string;
    readonly maxRetries?: number;
    readonly retryBackoff?: BackoffPolicy;
    readonly pollIntervalMs?: number;
    readonly logger?: Logger;
  }): Promise<LocalStreamPoller>;
}

export interface SweepModule {
  handler(event?: unknown, context?: { awsRequestId?: string }): Promise<SweepResult>;
}

export const API_MODULE_PATHS = {
  server: 'apps/api/src/local/server.ts',
  streamPoller: 'apps/api/src/local/stream-poller.ts',
  sweep: 'apps/api/src/handlers/hold-expiry-sweep.ts',
} as const;

export type ApiModuleName = keyof typeof API_MODULE_PATHS;

interface ApiModules {
  server: LocalApiModule;
  streamPoller: StreamPollerModule;
  sweep: SweepModule;
}

const REQUIRED_EXPORTS: Readonly<Record<ApiModuleName, string>> = {
  server: 'startLocalApi',
  streamPoller: 'startStreamPoller',
  sweep: 'handler',
};

/** Imports one of the API's modules; fails naming the file and the export that is missing. */
export async function loadApiModule<N extends ApiModuleName>(workspaceRoot: string, name: N): Promise<ApiModules[N]> {
  const file = join(workspaceRoot, API_MODULE_PATHS[name]);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`Cannot load ${API_MODULE_PATHS[name]}: ${(error as Error).message}`, { cause: error });
  }
  const exported = REQUIRED_EXPORTS[name];
  if (typeof module[exported] !== 'function')
    throw new Error(`${API_MODULE_PATHS[name]} does not export a function "${exported}"`);
  return module as unknown as ApiModules[N];
}
