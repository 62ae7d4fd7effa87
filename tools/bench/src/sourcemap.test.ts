import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesByPackage, charsBySource, decodeVlq, packageOf, UNMAPPED, type SourceMapV3 } from './sourcemap';

describe('decodeVlq', () => {
  it('decodes single and multi-digit, positive and negative values', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlq('AACA')).toEqual([0, 0, 1, 0]);
    expect(decodeVlq('D')).toEqual([-1]);
    expect(decodeVlq('gB')).toEqual([16]);
    expect(decodeVlq('2H')).toEqual([123]);
  });

  it('refuses characters outside Base64 and truncated values', () => {
    expect(() => decodeVlq('A*')).toThrow(/invalid VLQ character/);
    expect(() => decodeVlq('g')).toThrow(/truncated/);
  });
});

describe('charsBySource', () => {
  it('charges each span to its source up to the next segment and accounts for every character', () => {
    const code = 'abcdefghij\nxyz';
    // Line 1: col 0 → a.ts, col 5 → b.ts. Line 2: col 0 → a.ts again.
    const map: SourceMapV3 = { version: 3, sources: ['a.ts', 'b.ts'], mappings: 'AAAA,KCAA;ADAA' };

    const totals = charsBySource(code, map);

    expect(Object.fromEntries(totals)).toEqual({ 'a.ts': 8, 'b.ts': 5, [UNMAPPED]: 1 });
    expect([...totals.values()].reduce((sum, chars) => sum + chars, 0)).toBe(code.length);
  });

  it('charges segments without a source, and unmapped line starts, to (unmapped)', () => {
    const code = '0123456789';
    const map: SourceMapV3 = { version: 3, sources: ['a.ts'], mappings: 'EAAA,E' };

    expect(Object.fromEntries(charsBySource(code, map))).toEqual({ [UNMAPPED]: 8, 'a.ts': 2 });
  });
});

describe('packageOf', () => {
  it('names npm packages, scoped packages and workspace projects', () => {
    expect(packageOf('../../../node_modules/stripe/esm/resources/Charges.js')).toBe('stripe');
    expect(packageOf('../../../node_modules/@aws-lambda-powertools/metrics/lib/esm/Metrics.js')).toBe(
      '@aws-lambda-powertools/metrics',
    );
    expect(packageOf('../../../node_modules/a/node_modules/b/index.js')).toBe('b');
    expect(packageOf('../../../libs/orders/src/webhook.ts')).toBe('libs/orders');
    expect(packageOf('../../../libs/functions/src/handlers/orders.ts')).toBe('libs/functions');
    expect(packageOf(UNMAPPED)).toBe(UNMAPPED);
  });
});

describe('bytesByPackage on a real esbuild bundle', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('attributes a minified bundle to its inputs, largest first, summing to its size', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-sourcemap-'));
    const files: Record<string, string> = {
      'entry.ts':
        "import { big } from 'heavy';\nimport { small } from './libs/tiny/src/index';\nexport const handler = () => big() + small();\n",
      'node_modules/heavy/package.json': '{ "name": "heavy", "main": "index.js" }',
      'node_modules/heavy/index.js': `export function big() { return [${Array.from({ length: 400 }, (_, i) => `"item-${i}"`).join(',')}].length; }\n`,
      'libs/tiny/src/index.ts': 'export const small = (): number => 1;\n',
    };
    for (const [path, contents] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    const result = await build({
      absWorkingDir: dir,
      entryPoints: ['entry.ts'],
      bundle: true,
      minify: true,
      format: 'cjs',
      sourcemap: 'external',
      write: false,
      outfile: join(dir, 'out', 'index.js'),
      logLevel: 'silent',
    });
    const code = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
    const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.map'))?.text ?? '{}') as SourceMapV3;

    const shares = bytesByPackage(code, map);

    expect(shares[0]?.name).toBe('heavy');
    expect(shares.map((share) => share.name)).toEqual(expect.arrayContaining(['libs/tiny', 'entry.ts', UNMAPPED]));
    expect(shares.reduce((sum, share) => sum + share.bytes, 0)).toBe(code.length);
  });
});
