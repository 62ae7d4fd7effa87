import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/** The dev-server port (`STOREFRONT_PORT`, default 5173); preview uses `STOREFRONT_PREVIEW_PORT` (default 4173). */
const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw new Error(`${name} must be a TCP port, got "${process.env[name]}"`);
  return value;
};

/**
 * Mock mode (`vite --mode mock`, dev server only): serves MSW's worker script from node_modules
 * and swaps the entry for `src/mock/main.ts`, which starts the worker before the app. Nothing of
 * it exists for `vite build`, so neither the worker nor MSW can reach `dist`.
 */
function mockMode(): Plugin {
  const workerScript = require.resolve('msw/mockServiceWorker.js');
  return {
    name: 'tth-storefront-mock-mode',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_req, res, next) => {
        readFile(workerScript).then((script) => {
          res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
          res.setHeader('Cache-Control', 'no-store');
          res.end(script);
        }, next);
      });
    },
    transformIndexHtml(html) {
      return html.replace('/src/main.ts', '/src/mock/main.ts');
    },
  };
}

export default defineConfig(({ mode }) => ({
  root: import.meta.dirname,
  base: '/',
  resolve: { tsconfigPaths: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: mode === 'mock' ? [mockMode()] : [],
  // No public/ folder: the build holds index.html and hashed assets only (CloudFront caches
  // assets/* as immutable and the HTML for 60 s).
  publicDir: false,
  build: {
    outDir: '../../dist/apps/storefront',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    cssCodeSplit: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: { port: port('STOREFRONT_PORT', 5173), strictPort: true },
  preview: { port: port('STOREFRONT_PREVIEW_PORT', 4173), strictPort: true },
}));
