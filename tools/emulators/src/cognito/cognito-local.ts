/**
 * cognito-local (the npm package): a local Cognito user pool API, run as a child process because
 * it keeps its data under `.cognito/` of its working directory. Its tokens' issuer is
 * `http://127.0.0.1:<port>/<poolId>`, so the port must be known before it starts (no port 0).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const DEFAULT_COGNITO_LOCAL_PORT = 9229;

export interface CognitoLocalOptions {
  /** A free TCP port (the issuer embeds it). */
  readonly port: number;
  /** Keep users and pools in this directory; default a temporary one, removed on stop. */
  readonly dataDir?: string;
  /** How long to wait for its /health; default 30 s. */
  readonly startTimeoutMs?: number;
}

export interface CognitoLocal {
  /** `http://127.0.0.1:<port>`: the Cognito API endpoint, and the base of every pool's issuer. */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Stops it and waits for it to exit (and removes a temporary data directory). Safe to call twice. */
  stop(): Promise<void>;
}

export class CognitoLocalError extends Error {
  override name = 'CognitoLocalError';
}

/**
 * Runs cognito-local's own start script, and exits when our stdin pipe closes: if this process
 * dies without stopping it, it does not outlive us.
 */
const WATCHED_START = `process.stdin.on('end', () => process.exit(0)); process.stdin.on('error', () => process.exit(0)); process.stdin.resume(); require(process.argv[1]);`;

function startScript(): string {
  try {
    return createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  } catch {
    throw new CognitoLocalError('The npm package "cognito-local" is not installed: run npm ci.');
  }
}

export async function startCognitoLocal(options: CognitoLocalOptions): Promise<CognitoLocal> {
  const temporary = options.dataDir === undefined;
  const cwd = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tth-cognito-'));
  mkdirSync(cwd, { recursive: true });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const output: string[] = [];
  const child = spawn(process.execPath, ['-e', WATCHED_START, startScript()], {
    cwd,
    env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', NODE_NO_WARNINGS: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (!exited) {
        child.stdin?.end();
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
      if (temporary) rmSync(cwd, { recursive: true, force: true });
    })());

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new CognitoLocalError(`cognito-local exited while starting on port ${options.port}:\n${output.join('\n')}`);
    }
    const healthy = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new CognitoLocalError(`cognito-local did not answer on ${endpoint}/health in time:\n${output.join('\n')}`);
    }
    await sleep(200);
  }
  return { endpoint, port: options.port, pid: child.pid as number, stop };
}
