/** Where the stack's progress lines go: the terminal by default, a collector in tests. */
export interface ProgressOutput {
  /** Writes one complete line. */
  line(text: string): void;
  /** Shows a transient status (only on a terminal, overwritten by the next line). */
  transient?(text: string): void;
}

export const silentOutput: ProgressOutput = { line: () => undefined };

/** Progress on a stream: on a TTY a "starting …" status that the ✓ line replaces. */
export function streamOutput(stream: NodeJS.WriteStream = process.stdout): ProgressOutput {
  const interactive = Boolean(stream.isTTY);
  let pending = false;
  const clear = () => {
    if (pending) stream.write('\r\x1b[2K');
    pending = false;
  };
  return {
    line: (text) => {
      clear();
      stream.write(`${text}\n`);
    },
    ...(interactive
      ? {
          transient: (text: string) => {
            clear();
            stream.write(text);
            pending = true;
          },
        }
      : {}),
  };
}

/** A component failed to start; the message says which and why (the cause is kept). */
export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    readonly component: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${component} failed to start: ${reason}`, options);
  }
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface Progress {
  /**
   * Runs one start-up step and prints `✓ <label>  <time>  <detail>` or `✗ <label>: <reason>`.
   * A failure is rethrown as a {@link StartupError} naming the component.
   */
  step<T>(label: string, work: () => Promise<T>, detail?: (result: T) => string | undefined): Promise<T>;
}

export function createProgress(output: ProgressOutput, clock: () => number = () => performance.now()): Progress {
  return {
    async step(label, work, detail) {
      output.transient?.(`  … ${label}`);
      const started = clock();
      try {
        const result = await work();
        const extra = detail?.(result);
        output.line(
          `  ✓ ${label.padEnd(28)} ${formatDuration(clock() - started).padStart(8)}${extra ? `   ${extra}` : ''}`,
        );
        return result;
      } catch (error) {
        const reason =
          error instanceof StartupError ? error.reason : error instanceof Error ? error.message : String(error);
        output.line(`  ✗ ${label} (after ${formatDuration(clock() - started)}): ${reason}`);
        throw error instanceof StartupError ? error : new StartupError(label, reason, { cause: error });
      }
    },
  };
}
