/** The parent side of ./protocol.ts: start a service script in its own Node process (with tsx), wait until it is ready, stop it. */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChildMessage, ParentMessage } from './protocol';

export interface ChildService {
  readonly name: string;
  readonly pid: number;
  readonly info: Readonly<Record<string, unknown>>;
  /** Everything the child printed (its log lines). */
  readonly logFile: string;
  stats(): Promise<Readonly<Record<string, unknown>>>;
  stop(): Promise<void>;
}

export interface ChildServiceOptions {
  readonly name: string;
  /** Absolute path of a script that calls serveUntilStopped. */
  readonly script: string;
  /** The workspace root: tsx resolves the @tth/* aliases from its tsconfig.json. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  readonly startTimeoutMs?: number;
}

const STOP_GRACE_MS = 5000;

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function startChildService(options: ChildServiceOptions): Promise<ChildService> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', options.script], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // If the bench dies, its children go with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const ready = new Promise<Readonly<Record<string, unknown>>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${options.name} did not start within ${options.startTimeoutMs ?? 60_000} ms. Log:\n${tail(options.logFile)}`,
        ),
      );
    }, options.startTimeoutMs ?? 60_000);
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message.info);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${options.name} failed to start: ${message.message}`));
      }
    };
    child.on('message', onMessage);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with code ${code} before it was ready. Log:\n${tail(options.logFile)}`));
    });
  });
  let info: Readonly<Record<string, unknown>>;
  try {
    info = await ready;
  } catch (error) {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    throw error;
  }

  const request = (message: ParentMessage) => {
    if (child.connected) child.send(message);
  };
  let stopped: Promise<void> | undefined;
  return {
    name: options.name,
    pid: child.pid as number,
    info,
    logFile: options.logFile,
    stats: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${options.name} did not answer a stats request`)), 5000);
        const onMessage = (message: ChildMessage) => {
          if (message.type !== 'stats') return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(message.stats);
        };
        child.on('message', onMessage);
        request({ type: 'stats' });
      }),
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          request({ type: 'stop' });
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          await exited;
          clearTimeout(timer);
        }
        process.removeListener('exit', killOnExit);
      })()),
  };
}
