/**
 * Pure part of the CDK wrapper behind the Nx targets: which stages, which `cdk` arguments, and
 * the guard that keeps `infra:destroy` away from production.
 */
import { join } from 'node:path';
import { isStageName, stageNames, type StageName } from '../config';

export const cdkCommands = ['synth', 'diff', 'deploy', 'destroy'] as const;
export type CdkCommand = (typeof cdkCommands)[number];

export interface CdkInvocation {
  readonly command: CdkCommand;
  readonly stages: readonly StageName[];
  /** Extra arguments for the CDK CLI (e.g. `--require-approval=never`, `-c logRetentionDays=30`). */
  readonly passThrough: readonly string[];
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseCdkArgs(argv: readonly string[]): CdkInvocation {
  const [command, ...rest] = argv;
  if (!(cdkCommands as readonly string[]).includes(command ?? '')) {
    throw new UsageError(`Usage: cdk.ts <${cdkCommands.join('|')}> [--stage=${stageNames.join('|')}] [cdk options]`);
  }
  let stage: string | undefined;
  const passThrough: string[] = [];
  const queue = [...rest];
  for (let arg = queue.shift(); arg !== undefined; arg = queue.shift()) {
    if (arg.startsWith('--stage=')) stage = arg.slice('--stage='.length);
    else if (arg === '--stage') stage = queue.shift();
    else passThrough.push(arg);
  }
  if (stage !== undefined && !isStageName(stage))
    throw new UsageError(`Unknown stage "${stage}": use --stage=${stageNames.join('|')}`);
  // Synth without a stage renders every stage (a cheap, offline check that both are valid);
  // everything that talks to AWS defaults to dev, never to prod.
  const stages: readonly StageName[] = stage !== undefined ? [stage] : command === 'synth' ? stageNames : ['dev'];
  return { command: command as CdkCommand, stages, passThrough };
}

/** Why this command must not run for this stage, or undefined when it may. */
export function refusal(command: CdkCommand, stage: StageName): string | undefined {
  if (command === 'destroy' && stage === 'prod') {
    return 'Refusing to destroy prod: its stacks have termination protection and retain their data; follow "Tearing down" in docs/deploy.md if you really mean it.';
  }
  return undefined;
}

export function cloudAssemblyDir(workspaceRoot: string, stage: StageName): string {
  return join(workspaceRoot, 'dist/tools/infra/cdk.out', stage);
}

export function cdkArguments(invocation: CdkInvocation, stage: StageName, workspaceRoot: string): string[] {
  const args: string[] = [invocation.command];
  if (invocation.command === 'synth') args.push('--quiet');
  else args.push('--all');
  if (invocation.command === 'deploy')
    args.push('--outputs-file', join(workspaceRoot, `dist/tools/infra/outputs-${stage}.json`));
  args.push('-c', `stage=${stage}`, '--output', cloudAssemblyDir(workspaceRoot, stage), ...invocation.passThrough);
  return args;
}

/** Commands that need AWS credentials (synth is offline). */
export function needsAws(command: CdkCommand): boolean {
  return command !== 'synth';
}

/** Values of `-c key=value` / `--context key=value` among the pass-through arguments. */
export function contextValues(passThrough: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  passThrough.forEach((arg, i) => {
    const pair = arg === '-c' || arg === '--context' ? passThrough[i + 1] : /^(?:-c|--context)=(.*)$/.exec(arg)?.[1];
    const match = pair === undefined ? null : /^([^=]+)=(.*)$/.exec(pair);
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = match[2];
  });
  return values;
}
