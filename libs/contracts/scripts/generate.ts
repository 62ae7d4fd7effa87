/**
 * Generates libs/contracts/src/generated from openapi.yaml.
 *
 *   npx nx run contracts:generate          write the files
 *   npx nx run contracts:check-generated   fail when the committed files differ (drift check)
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';
import { buildOperationIndex, renderValidators } from './validators-codegen';

const here = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = resolve(here, '../../..');
const specPath = join(workspaceRoot, 'openapi.yaml');
const outDir = resolve(here, '../src/generated');

const banner = [
  '/**',
  ' * GENERATED FILE - DO NOT EDIT.',
  ' * Source: openapi.yaml. Regenerate with `npx nx run contracts:generate`.',
  ' */',
  '/* eslint-disable */',
  '',
].join('\n');

async function renderFiles(): Promise<Record<string, string>> {
  const specText = readFileSync(specPath, 'utf8');
  const document = parse(specText) as { components: { schemas: Record<string, unknown> } };

  const ast = await openapiTS(specText, { alphabetize: false, exportType: false });
  const types = banner + astToString(ast);

  const spec = `${banner}export const openapiDocument = ${JSON.stringify(document, null, 2)} as const;\n`;

  // One export per component schema so that a browser bundle only carries what it reads.
  const schemaExports = Object.entries(document.components.schemas)
    .map(([name, schema]) => `export const ${name}Schema = ${JSON.stringify(schema, null, 2)} as const;\n`)
    .join('\n');
  const schemas = `${banner}${schemaExports}`;

  const operations = buildOperationIndex(document as never);
  const operationsModule = `${banner}import type { OperationInfo } from '../operation-info';\n\nexport const operationIndex: readonly OperationInfo[] = ${JSON.stringify(operations, null, 2)};\n`;
  const validators = renderValidators(document as never);

  return {
    'openapi.ts': types,
    'spec.ts': spec,
    'schemas.ts': schemas,
    'operations.ts': operationsModule,
    'body-validators.ts': `${banner}// @ts-nocheck\n${validators.bodies}`,
    'parameter-validators.ts': `${banner}// @ts-nocheck\n${validators.parameters}`,
    'response-validators.ts': `${banner}// @ts-nocheck\n${validators.responses}`,
  };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await renderFiles();
  const drifted: string[] = [];

  for (const [name, content] of Object.entries(files)) {
    const target = join(outDir, name);
    if (check) {
      const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
      if (current !== content) drifted.push(relative(workspaceRoot, target));
    } else {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(target, content);
      console.log(`wrote ${relative(workspaceRoot, target)}`);
    }
  }

  if (drifted.length > 0) {
    console.error(
      `Generated contract code is out of date with openapi.yaml:\n  ${drifted.join('\n  ')}\n` +
        'Run `npx nx run contracts:generate` and commit the result.',
    );
    process.exit(1);
  }
  if (check) console.log('Generated contract code matches openapi.yaml.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
