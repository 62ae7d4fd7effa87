/**
 * The bench runs each server (local API, Stripe emulator) in its own Node process, as separate
 * services would be: the load generator's event loop never shares a thread with what it
 * measures. Parent and child talk over the IPC channel with these messages.
 */
export type ParentMessage = { readonly type: 'stop' } | { readonly type: 'stats' };

export type ChildMessage =
  | { readonly type: 'ready'; readonly info: Readonly<Record<string, unknown>> }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'stats'; readonly stats: Readonly<Record<string, unknown>> };

export interface RunningService {
  readonly info: Readonly<Record<string, unknown>>;
  close(): Promise<void>;
  stats?(): Readonly<Record<string, unknown>>;
}

/**
 * The child side: starts the service, reports `ready` (or `failed`), answers `stats`, and closes
 * on `stop` or when the parent goes away (so a crashed bench leaves no servers behind).
 */
export function serveUntilStopped(start: () => Promise<RunningService>): void {
  const sendToParent = (message: ChildMessage) => process.send?.(message);
  let service: RunningService | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await service?.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') void stop();
    if (message.type === 'stats') sendToParent({ type: 'stats', stats: service?.stats?.() ?? {} });
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  start().then(
    (started) => {
      service = started;
      sendToParent({ type: 'ready', info: started.info });
    },
    (error: unknown) => {
      sendToParent({
        type: 'failed',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      process.exit(1);
    },
  );
}
