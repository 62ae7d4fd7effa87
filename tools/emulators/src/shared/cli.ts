import { ConfigError, SettingProblem, type Setting } from '@tth/runtime';

/** A fraction from 0 to 1 (fault rates), from an environment variable. */
export function rateSetting(name: string, fallback = 0): Setting<number> {
  return {
    read: (source) => {
      const raw = source[name]?.trim();
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!/^\d*\.?\d+$/.test(raw) || !(value >= 0 && value <= 1))
        throw new SettingProblem(`${name} must be a number from 0 to 1 (got "${raw}")`);
      return value;
    },
  };
}

/**
 * Runs an emulator as a command: starts it, prints where it listens, and closes it cleanly on
 * SIGINT/SIGTERM. A configuration problem is printed (naming the variable) with exit code 1.
 */
export async function runEmulatorCli(
  start: () => Promise<{ close(): Promise<void> }>,
  describe: () => string[],
): Promise<void> {
  let running: { close(): Promise<void> };
  try {
    running = await start();
  } catch (error) {
    const message =
      error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${describe().join('\n')}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Could not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
