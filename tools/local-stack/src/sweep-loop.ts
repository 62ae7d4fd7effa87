import type { SweepResult } from '@tth/orders';

export interface SweepLoopOptions {
  /** One run of the hold-expiry sweep (the Lambda handler locally). */
  readonly run: () => Promise<SweepResult>;
  /** Pause between the end of one run and the start of the next, as EventBridge's rate schedule. */
  readonly intervalMs: number;
  readonly onResult?: (result: SweepResult) => void;
  readonly onError?: (error: unknown) => void;
}

export interface SweepLoop {
  /** Runs the sweep now (after the one in progress, if any) and returns its result. */
  runNow(): Promise<SweepResult>;
  /** Stops scheduling and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Runs the sweep on a fixed interval, never two runs at once; a failed run is reported, not fatal. */
export function startSweepLoop(options: SweepLoopOptions): SweepLoop {
  if (!Number.isInteger(options.intervalMs) || options.intervalMs < 1)
    throw new RangeError('intervalMs must be a positive integer');
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<SweepResult> | undefined;

  const runOnce = (): Promise<SweepResult> => {
    const previous = current ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => options.run());
    current = next;
    void next.then(
      (result) => options.onResult?.(result),
      (error: unknown) => options.onError?.(error),
    );
    return next;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch(() => undefined)
        .finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    runNow: () => {
      if (stopped) return Promise.reject(new Error('The sweep loop is stopped'));
      return runOnce();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current?.catch(() => undefined);
    },
  };
}
