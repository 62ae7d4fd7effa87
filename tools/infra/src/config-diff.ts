/**
 * `nx run infra:diff-stages`: what differs between stages, setting by setting, from the same
 * configuration the CDK app renders (stage defaults and operator settings alike).
 */
import { loadStageConfig, type StageConfig, type StageName } from './config';

/** Settings that differ by construction and say nothing about behaviour. */
const IDENTITY = new Set(['stage', 'namePrefix']);

/** `{ api: { stageName: 'v1' } }` → `{ 'api.stageName': 'v1' }`; arrays and empty objects stay whole. */
export function flattenSettings(
  value: unknown,
  prefix = '',
  into: Record<string, string> = {},
): Record<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value)) flattenSettings(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix && !IDENTITY.has(prefix)) {
    into[prefix] = value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return into;
}

export interface SettingDifference {
  readonly setting: string;
  readonly values: Readonly<Record<string, string>>;
}

/** Every setting whose value is not the same in all of `configs` (in the order given). */
export function diffStages(configs: readonly StageConfig[]): SettingDifference[] {
  const flat = configs.map((config) => flattenSettings(config));
  const settings = [...new Set(flat.flatMap((entry) => Object.keys(entry)))].sort();
  return settings
    .map((setting) => ({
      setting,
      values: Object.fromEntries(configs.map((config, i) => [config.stage, flat[i]?.[setting] ?? '—'])),
    }))
    .filter((difference) => new Set(Object.values(difference.values)).size > 1);
}

export function formatDifferences(stages: readonly StageName[], differences: readonly SettingDifference[]): string[] {
  if (differences.length === 0) return [`${stages.join(', ')}: no differences`];
  const header = ['setting', ...stages];
  const rows = differences.map((difference) => [
    difference.setting,
    ...stages.map((stage) => difference.values[stage] ?? '—'),
  ]);
  const widths = header.map((_, column) =>
    Math.min(60, Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length))),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (cell.length > 60 ? `${cell.slice(0, 59)}…` : cell).padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

export function diffStageNames(stages: readonly StageName[]): string[] {
  return formatDifferences(stages, diffStages(stages.map((stage) => loadStageConfig(stage))));
}
