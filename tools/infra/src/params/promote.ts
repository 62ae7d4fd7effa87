/**
 * Parameter promotion (seed 003): copy the behaviour rehearsed in one stage (feature flags and
 * other promotable parameters under `/ticketstoheaven/<from>/`) to the next stage, never a secret
 * and never a value that names a stage's own resources. A dry run by default; every parameter ends
 * up migrated, skipped (with the reason) or errored.
 */
import {
  GetParametersByPathCommand,
  PutParameterCommand,
  type GetParametersByPathCommandOutput,
  type ParameterType,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { parameterCatalog, parameterPath, type StageName } from '../config';

export interface StoredParameter {
  readonly name: string;
  readonly type: ParameterType;
  /** Not decrypted: SecureString values are never read. */
  readonly value: string;
}

export interface ParameterStore {
  /** Every parameter under `path` (recursive), SecureString values left encrypted. */
  list(path: string): Promise<StoredParameter[]>;
  put(parameter: StoredParameter): Promise<void>;
}

export type Outcome = 'migrated' | 'skipped' | 'errored';

export interface PromotionLine {
  readonly source: string;
  readonly target: string;
  readonly outcome: Outcome;
  readonly reason: string;
}

export interface PromotionReport {
  readonly from: StageName;
  readonly to: StageName;
  readonly applied: boolean;
  readonly lines: readonly PromotionLine[];
}

const SECRET_NAME = /secret|password|passwd|token|api[-_]?key|private|credential/i;

const stageSpecificSuffixes: ReadonlySet<string> = new Set(
  Object.values(parameterCatalog)
    .filter((entry) => !entry.promotable)
    .map((entry) => entry.suffix),
);

/** Why a parameter is not copied, or undefined when it may be. */
export function skipReason(parameter: StoredParameter, relativeName: string): string | undefined {
  if (parameter.type === 'SecureString') return 'secret (SecureString): set it in the target stage by hand';
  if (SECRET_NAME.test(relativeName)) return 'name looks like a secret: set it in the target stage by hand';
  if (stageSpecificSuffixes.has(relativeName)) return 'stage-specific (names a resource of its own stage)';
  return undefined;
}

export async function promoteParameters(options: {
  readonly from: StageName;
  readonly to: StageName;
  readonly source: ParameterStore;
  readonly target: ParameterStore;
  readonly apply: boolean;
}): Promise<PromotionReport> {
  const { from, to } = options;
  if (from === to) throw new Error('--from and --to name the same stage');
  const fromPath = parameterPath(from);
  const toPath = parameterPath(to);
  const [sourceParameters, targetParameters] = await Promise.all([
    options.source.list(fromPath),
    options.target.list(toPath),
  ]);
  const current = new Map(targetParameters.map((parameter) => [parameter.name, parameter]));
  const lines: PromotionLine[] = [];
  for (const parameter of [...sourceParameters].sort((a, b) => a.name.localeCompare(b.name))) {
    const relativeName = parameter.name.slice(fromPath.length);
    const target = `${toPath}${relativeName}`;
    const skipped = skipReason(parameter, relativeName);
    if (skipped) {
      lines.push({ source: parameter.name, target, outcome: 'skipped', reason: skipped });
      continue;
    }
    const existing = current.get(target);
    if (existing && existing.value === parameter.value && existing.type === parameter.type) {
      lines.push({
        source: parameter.name,
        target,
        outcome: 'skipped',
        reason: 'already the same in the target stage',
      });
      continue;
    }
    const change = existing ? 'changes the value' : 'creates it';
    if (!options.apply) {
      lines.push({ source: parameter.name, target, outcome: 'migrated', reason: `would be copied (${change})` });
      continue;
    }
    try {
      await options.target.put({ name: target, type: parameter.type, value: parameter.value });
      lines.push({ source: parameter.name, target, outcome: 'migrated', reason: `copied (${change})` });
    } catch (error) {
      lines.push({
        source: parameter.name,
        target,
        outcome: 'errored',
        reason: (error as Error).message.split('\n')[0] ?? String(error),
      });
    }
  }
  return { from, to, applied: options.apply, lines };
}

export function formatReport(report: PromotionReport): string[] {
  const count = (outcome: Outcome) => report.lines.filter((line) => line.outcome === outcome).length;
  const symbol: Record<Outcome, string> = { migrated: report.applied ? '✔' : '→', skipped: '·', errored: '✖' };
  return [
    ...report.lines.map(
      (line) => `${symbol[line.outcome]} ${line.outcome.padEnd(8)} ${line.source} → ${line.target}: ${line.reason}`,
    ),
    `${report.applied ? 'Migrated' : 'Would migrate'} ${count('migrated')}, skipped ${count('skipped')}, errored ${count('errored')}` +
      (report.applied ? '.' : ' (dry run: nothing was written; add --apply to copy).'),
  ];
}

/** The parameter store of one stage's account, through SSM (one client per account/profile). */
export function ssmParameterStore(ssm: Pick<SSMClient, 'send'>): ParameterStore {
  return {
    async list(path) {
      const found: StoredParameter[] = [];
      let nextToken: string | undefined;
      do {
        const page: GetParametersByPathCommandOutput = await ssm.send(
          new GetParametersByPathCommand({ Path: path, Recursive: true, WithDecryption: false, NextToken: nextToken }),
        );
        for (const parameter of page.Parameters ?? [])
          if (parameter.Name && parameter.Type)
            found.push({ name: parameter.Name, type: parameter.Type, value: parameter.Value ?? '' });
        nextToken = page.NextToken;
      } while (nextToken);
      return found;
    },
    async put(parameter) {
      await ssm.send(
        new PutParameterCommand({
          Name: parameter.name,
          Type: parameter.type,
          Value: parameter.value,
          Overwrite: true,
        }),
      );
    },
  };
}
