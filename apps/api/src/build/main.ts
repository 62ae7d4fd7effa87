/** `nx run api:build`: bundles every handler into dist/apps/api/<name>/index.js and prints the sizes. */
import { relative } from 'node:path';
import { DEFAULT_OUT_DIR, WORKSPACE_ROOT, bundleFunctions, sizeReport } from './bundle';

const bundles = await bundleFunctions();
process.stdout.write(
  `${sizeReport(bundles)}\nWritten to ${relative(WORKSPACE_ROOT, DEFAULT_OUT_DIR)}/<name>/index.js (+ index.js.map)\n`,
);
