/**
 * Synthesizes every stage once for the whole test run (synth is the slow part) against stub
 * build outputs in a temporary folder, with the cdk-nag packs as validation plugins exactly as
 * the CLI runs them, and hands the test files the cloud assembly folders plus the nag results.
 * dev and staging are synthesized as shipped; prod as an operator configures it before its first
 * deploy (alarm destinations, domain, endpoint: `configuredProdSettings`).
 */
import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { addStage } from '../app';
import { cdkJsonContext } from '../cdk-context';
import { functionNames } from '../functions';
import { nagPacks } from '../nag';
import type { SynthesizedStage, SynthFixture } from './fixture-types';
import { fixtureNames, fixtures, type FixtureName } from './stage-settings';

const workspaceRoot = resolve(import.meta.dirname, '../../../..');

/** Stub bundles: each handler file names its function, so a test can tell which folder shipped where. */
function writeStubBuilds(root: string): { apiBundleDir: string; storefrontDir: string } {
  const apiBundleDir = join(root, 'api');
  for (const fn of functionNames) {
    mkdirSync(join(apiBundleDir, fn), { recursive: true });
    writeFileSync(
      join(apiBundleDir, fn, 'index.js'),
      `export const handler = async () => ({ statusCode: 200, body: 'stub:${fn}' });\n`,
    );
    writeFileSync(join(apiBundleDir, fn, 'index.js.map'), '{"version":3,"sources":[],"mappings":""}\n');
  }
  const storefrontDir = join(root, 'storefront');
  mkdirSync(join(storefrontDir, 'assets'), { recursive: true });
  writeFileSync(
    join(storefrontDir, 'index.html'),
    '<!doctype html><title>stub storefront</title><script type="module" src="/assets/index-3f9a1c2b.js"></script>\n',
  );
  writeFileSync(join(storefrontDir, 'assets', 'index-3f9a1c2b.js'), 'console.log("stub");\n');
  return { apiBundleDir, storefrontDir };
}

function collectAcknowledgements(root: IConstruct): SynthesizedStage['acknowledgements'] {
  const found: Array<{ path: string; id: string; reason: string }> = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        found.push({ path: construct.node.path, id, reason: String(reason) });
      }
    }
  }
  return found;
}

function synthesize(
  name: FixtureName,
  root: string,
  bundles: { apiBundleDir: string; storefrontDir: string },
): SynthesizedStage {
  const outdir = join(root, `cdk.out-${name}`);
  const app = new App({ outdir, context: cdkJsonContext() });
  const stacks = addStage(app, {
    stage: fixtures[name].stage,
    overrides: fixtures[name].overrides,
    bundles,
    openApiPath: join(workspaceRoot, 'openapi.yaml'),
  });
  let synthError: string | undefined;
  try {
    app.synth();
  } catch (error) {
    synthError = (error as Error).message;
  }
  // The plugins fail the synth on any finding (warnings included); only then list them one by one.
  const violations = synthError === undefined ? [] : nagPacks().flatMap((pack) => pack.validateScope(app).violations);
  return {
    outdir,
    stackNames: {
      recovery: stacks.recovery.stackName,
      data: stacks.data.stackName,
      edge: stacks.edge.stackName,
      app: stacks.app.stackName,
      edgeMonitoring: stacks.edgeMonitoring.stackName,
    },
    synthError,
    nagViolations: violations.map((violation) => ({
      ruleName: violation.ruleName,
      severity: violation.severity ?? 'error',
      paths: violation.violatingResources.map((resource) => resource.constructPath ?? '?'),
    })),
    acknowledgements: collectAcknowledgements(app),
  };
}

let fixtureRoot: string | undefined;

export function setup(project: TestProject): void {
  fixtureRoot = mkdtempSync(join(tmpdir(), 'tth-infra-test-'));
  const bundles = writeStubBuilds(fixtureRoot);
  const stages = {} as Record<FixtureName, SynthesizedStage>;
  for (const name of fixtureNames) stages[name] = synthesize(name, fixtureRoot, bundles);
  const fixture: SynthFixture = { bundles, stages };
  project.provide('synthFixture', fixture);
}

export function teardown(): void {
  if (fixtureRoot) rmSync(fixtureRoot, { recursive: true, force: true });
}
