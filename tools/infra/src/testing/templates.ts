/** Test helpers over the cloud assemblies synthesized once by global-setup.ts. */
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadStageConfig, type StageConfig } from '../config';
import type { StackKind, SynthesizedStage } from './fixture-types';
import { fixtures, type FixtureName } from './stage-settings';

export type { StackKind } from './fixture-types';

export function synthesizedStage(stage: FixtureName): SynthesizedStage {
  return inject('synthFixture').stages[stage];
}

/** The configuration each synthesized stage was built from (see stage-settings.ts). */
export function fixtureConfig(name: FixtureName): StageConfig {
  return loadStageConfig(fixtures[name].stage, fixtures[name].overrides);
}

export function stubBundles(): { apiBundleDir: string; storefrontDir: string } {
  return inject('synthFixture').bundles;
}

export function templateJson(
  stage: FixtureName,
  kind: StackKind,
): Record<string, unknown> & { Resources: Record<string, CfnResource> } {
  const synthesized = synthesizedStage(stage);
  return JSON.parse(readFileSync(join(synthesized.outdir, `${synthesized.stackNames[kind]}.template.json`), 'utf8'));
}

export function template(stage: FixtureName, kind: StackKind): Template {
  return Template.fromJSON(templateJson(stage, kind));
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: string | string[];
}

/** Resources of one type as [logicalId, resource] pairs. */
export function resourcesOfType(
  json: { Resources: Record<string, CfnResource> },
  type: string,
): Array<[string, CfnResource]> {
  return Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);
}

/** The one resource of `type` whose properties contain `needle` anywhere (JSON text match). */
export function resourceMentioning(
  json: { Resources: Record<string, CfnResource> },
  type: string,
  needle: string,
): [string, CfnResource] {
  const matches = resourcesOfType(json, type).filter(([, resource]) =>
    JSON.stringify(resource.Properties ?? {}).includes(needle),
  );
  if (matches.length !== 1) throw new Error(`Expected one ${type} mentioning ${needle}, found ${matches.length}`);
  return matches[0]!;
}

const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::AccountId': '<account>',
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-2',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * A template value with pseudo parameters rendered (`<account>`, `aws`, `us-east-2`) and joins of
 * plain parts flattened, so an ARN can be compared as the string CloudFormation will make of it.
 */
export function renderIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renderIntrinsics);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, argument] = entries[0]!;
    if (key === 'Ref' && typeof argument === 'string' && PSEUDO_PARAMETERS[argument])
      return PSEUDO_PARAMETERS[argument];
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      const rendered = parts.map(renderIntrinsics);
      if (rendered.every((part) => typeof part === 'string')) return rendered.join(separator);
      return { 'Fn::Join': [separator, rendered] };
    }
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, renderIntrinsics(inner)]));
}
