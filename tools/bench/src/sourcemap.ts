/**
 * Which sources the bytes of a minified bundle come from, read from its source map (v3): every
 * generated segment is charged to its original file, from its column to the next segment's.
 * This is how the bench knows that, say, 240 KB of a Lambda bundle is the Stripe SDK.
 */

export interface SourceMapV3 {
  readonly version: number;
  readonly sources: readonly string[];
  readonly mappings: string;
}

/** Bytes not covered by any mapping (newlines, esbuild's module wrappers). */
export const UNMAPPED = '(unmapped)';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, index) => [char, index]));

/** The signed integers of one Base64 VLQ segment. */
export function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`invalid VLQ character "${char}" in "${segment}"`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  if (shift !== 0) throw new Error(`truncated VLQ segment "${segment}"`);
  return values;
}

/** Generated characters per original source (ASCII bundles: characters = bytes). */
export function charsBySource(code: string, map: SourceMapV3): Map<string, number> {
  const totals = new Map<string, number>();
  const charge = (source: string, chars: number) => {
    if (chars > 0) totals.set(source, (totals.get(source) ?? 0) + chars);
  };
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let sourceIndex = 0;

  lines.forEach((line, lineIndex) => {
    // The newline that ended the previous line belongs to no source.
    if (lineIndex > 0) charge(UNMAPPED, 1);
    const segments = (mappingLines[lineIndex] ?? '').split(',').filter(Boolean);
    let column = 0;
    let spanStart = 0;
    let spanSource = UNMAPPED;
    for (const segment of segments) {
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      charge(spanSource, Math.min(column, line.length) - spanStart);
      spanStart = Math.min(column, line.length);
      if (fields.length >= 4) {
        sourceIndex += fields[1] ?? 0;
        spanSource = map.sources[sourceIndex] ?? UNMAPPED;
      } else {
        spanSource = UNMAPPED;
      }
    }
    charge(spanSource, line.length - spanStart);
  });
  return totals;
}

/**
 * The package or workspace project a source belongs to: `stripe`, `@aws-lambda-powertools/metrics`,
 * `libs/orders`, `libs/functions`.
 */
export function packageOf(source: string): string {
  if (source === UNMAPPED) return UNMAPPED;
  const normalised = source.replace(/\\/g, '/');
  const inModules = normalised.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const [first, second] = normalised.slice(inModules + 'node_modules/'.length).split('/');
    return first?.startsWith('@') && second ? `${first}/${second}` : (first ?? normalised);
  }
  const parts = normalised.split('/').filter((part) => part !== '..' && part !== '.' && part !== '');
  return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? normalised);
}

export interface PackageShare {
  readonly name: string;
  readonly bytes: number;
}

/** Bytes per package, largest first. */
export function bytesByPackage(code: string, map: SourceMapV3): PackageShare[] {
  const totals = new Map<string, number>();
  for (const [source, chars] of charsBySource(code, map))
    totals.set(packageOf(source), (totals.get(packageOf(source)) ?? 0) + chars);
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}
