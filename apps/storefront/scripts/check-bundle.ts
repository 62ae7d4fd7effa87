/** `nx run storefront:check-bundle`: fails when the built storefront breaks its budget. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkBundle, formatReport, readDist } from './bundle-budget';

const distDir = resolve(import.meta.dirname, '../../../dist/apps/storefront');
if (!existsSync(distDir)) {
  console.error(`No build at ${distDir}: run "nx run storefront:build" first.`);
  process.exit(1);
}
const report = checkBundle(readDist(distDir));
console.log(formatReport(report));
if (report.problems.length > 0) process.exit(1);
