/** Test helpers over the cloud assemblies synthesized once by global-setup.ts. */
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadStageConfig, type StageConfig, type StageName } from '../config';
import type { StackKind, SynthesizedStage } from './fixture-types';
import { fixtureOverrides } from './stage-settings';

export type { StackKind } from './fixture-types';

export function synthesizedStage(stage: StageName): SynthesizedStage {
  return inject('synthFixture').stages[stage];
}

/** The configuration each synthesized stage was built from (see stage-settings.ts). */
export function fixtureConfig(stage: StageName): StageConfig {
  return loadStageConfig(stage, fixtureOverrides[stage]);
}

export function stubBundles(): { apiBundleDir: string; storefrontDir: string } {
  return inject('synthFixture').bundles;
}

export function templateJson(
  stage: StageName,
  kind: StackKind,
): Record<string, unknown> & { Resources: Record<string, CfnResource> } {
  const synthesized = synthesizedStage(stage);
  return JSON.parse(readFileSync(join(synthesized.outdir, `${synthesized.stackNames[kind]}.template.json`), 'utf8'));
}

export function template(stage: StageName, kind: StackKind): Template {
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
