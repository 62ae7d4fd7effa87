import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Connect, Plugin } from 'vite';

/**
 * How the storefront is served:
 * - `dev`: Vite's dev server (hot reload), API URL through `VITE_API_URL`;
 * - `build`: the production build (`dist/apps/storefront`, made if missing) through `vite preview`,
 *   with the API URL in `/config.json` exactly as CloudFront serves it; steadier for e2e runs;
 * - `none`: no storefront (API-only stacks in tests).
 */
export type StorefrontMode = 'dev' | 'build' | 'none';

export interface StorefrontOptions {
  readonly mode: Exclude<StorefrontMode, 'none'>;
  readonly port: number;
  readonly apiUrl: string;
  readonly workspaceRoot: string;
  /** Receives Vite's warnings and errors (its info output is muted). */
  readonly onLog?: (line: string) => void;
}

export interface Storefront {
  readonly url: string;
  readonly port: number;
  readonly mode: Exclude<StorefrontMode, 'none'>;
  close(): Promise<void>;
}

/** Sets env variables for the duration of `work`, then puts back what was there. */
async function withEnv<T>(vars: Readonly<Record<string, string | undefined>>, work: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  assignEnv(vars);
  try {
    return await work();
  } finally {
    assignEnv(previous);
  }
}

function assignEnv(vars: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/** Serves `/config.json` ({ apiUrl }) next to the build, as the deployed storefront has it. */
export function runtimeConfigPlugin(apiUrl: string): Plugin {
  const body = JSON.stringify({ apiUrl });
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    if (req.url?.split('?')[0] !== '/config.json') return next();
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  };
  return {
    name: 'tth-local-stack-runtime-config',
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}

export async function startStorefront(options: StorefrontOptions): Promise<Storefront> {
  const vite = await import('vite');
  const configFile = join(options.workspaceRoot, 'apps', 'storefront', 'vite.config.ts');
  if (!existsSync(configFile)) throw new Error(`The storefront's Vite config is missing: ${configFile}`);
  const viteLog = vite.createLogger('warn', { allowClearScreen: false });
  const onLog = options.onLog;
  const customLogger = onLog
    ? {
        ...viteLog,
        warn: (message: string) => onLog(message),
        warnOnce: (message: string) => onLog(message),
        error: (message: string) => onLog(message),
      }
    : viteLog;
  const host = '127.0.0.1';
  const url = `http://localhost:${options.port}`;
  // The storefront's config validates these when it loads; give it the port actually used.
  const portEnv = { STOREFRONT_PORT: String(options.port), STOREFRONT_PREVIEW_PORT: String(options.port) };

  if (options.mode === 'dev') {
    const previousApiUrl = process.env['VITE_API_URL'];
    // Vite reads VITE_* from process.env, also when it restarts after a config change: keep it set while serving.
    process.env['VITE_API_URL'] = options.apiUrl;
    try {
      const server = await withEnv(portEnv, () =>
        vite.createServer({
          configFile,
          mode: 'development',
          customLogger,
          clearScreen: false,
          server: { port: options.port, host, strictPort: true, open: false },
        }),
      );
      await server.listen();
      // Transform the entry once now, so the first page load does not wait for it.
      await fetch(`http://${host}:${options.port}/`).then((response) => response.text());
      await server.warmupRequest('/src/main.ts').catch(() => undefined);
      return {
        url,
        port: options.port,
        mode: 'dev',
        close: async () => {
          await server.close();
          assignEnv({ VITE_API_URL: previousApiUrl });
        },
      };
    } catch (error) {
      assignEnv({ VITE_API_URL: previousApiUrl });
      throw error;
    }
  }

  const outDir = join(options.workspaceRoot, 'dist', 'apps', 'storefront');
  if (!existsSync(join(outDir, 'index.html'))) {
    // One build serves every API: it must not bake a VITE_API_URL in (the URL comes from /config.json).
    await withEnv({ ...portEnv, VITE_API_URL: undefined }, () =>
      vite.build({ configFile, mode: 'production', customLogger, logLevel: 'warn' }),
    );
  }
  const server = await withEnv(portEnv, () =>
    vite.preview({
      configFile,
      customLogger,
      plugins: [runtimeConfigPlugin(options.apiUrl)],
      preview: { port: options.port, host, strictPort: true, open: false },
    }),
  );
  return {
    url,
    port: options.port,
    mode: 'build',
    close: () => server.close(),
  };
}
