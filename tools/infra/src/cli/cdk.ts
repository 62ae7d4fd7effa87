/**
 * `nx run infra:<synth|diff|deploy|destroy> [--stage=dev|prod]`: checks what can be checked
 * locally (stage, build output, credentials, bootstrap) and reports a problem in one line, then
 * runs the CDK CLI for the stage with its cloud assembly in dist/tools/infra/cdk.out/<stage>.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBundlesPresent, defaultBundleLocations, MissingBundleError, type BundleLocations } from '../bundles';
import { ConfigurationError, loadStageConfig, stageOverrides } from '../config';
import { sdkAwsReader } from '../preflight/aws';
import { runAwsAccessChecks, runDeployChecks } from '../preflight/checks';
import { detectCredentials } from '../preflight/credentials';
import { cdkArguments, contextValues, needsAws, parseCdkArgs, refusal, UsageError } from './cdk-args';

const infraRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// This operator tool runs on the workspace's Node 20; the SDK's Node 22 notice is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const workspaceRoot = resolve(infraRoot, '../..');

/** The build folders main.ts will use: the defaults unless overridden with -c apiBundleDir=… / storefrontDir=…. */
function bundleLocations(passThrough: readonly string[]): BundleLocations {
  const defaults = defaultBundleLocations(workspaceRoot);
  const context = contextValues(passThrough);
  return {
    apiBundleDir: context['apiBundleDir'] ? resolve(workspaceRoot, context['apiBundleDir']) : defaults.apiBundleDir,
    storefrontDir: context['storefrontDir'] ? resolve(workspaceRoot, context['storefrontDir']) : defaults.storefrontDir,
  };
}

function fail(message: string): never {
  console.error(`infra: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const invocation = parseCdkArgs(process.argv.slice(2));
  const cdkBin = createRequire(import.meta.url).resolve('aws-cdk/bin/cdk');

  for (const stage of invocation.stages) {
    const refused = refusal(invocation.command, stage);
    if (refused) fail(refused);
    if (needsAws(invocation.command)) {
      const config = loadStageConfig(stage, stageOverrides(contextValues(invocation.passThrough)));
      const deps = { detectCredentials: () => detectCredentials(), aws: sdkAwsReader() };
      const results =
        invocation.command === 'deploy' ? await runDeployChecks(config, deps) : await runAwsAccessChecks(config, deps);
      const problem = results.find((result) => result.status === 'fail');
      if (problem) fail(`${problem.check}: ${problem.detail}`);
      for (const warning of results.filter((result) => result.status === 'warn'))
        console.warn(`infra: warning: ${warning.check}: ${warning.detail}`);
    }
    // Destroy deletes by stack name and needs no bundles; everything else synthesizes them.
    if (invocation.command !== 'destroy') assertBundlesPresent(bundleLocations(invocation.passThrough), workspaceRoot);
    console.log(`infra: cdk ${invocation.command} (${stage})`);
    const run = spawnSync(process.execPath, [cdkBin, ...cdkArguments(invocation, stage, workspaceRoot)], {
      cwd: infraRoot,
      stdio: 'inherit',
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
    });
    if (run.status !== 0) fail(`cdk ${invocation.command} failed for ${stage} (exit ${run.status ?? run.signal})`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigurationError || error instanceof MissingBundleError)
    fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
});
