/**
 * `nx run infra:preflight [--stage=dev|prod]`: everything a deploy of the stage needs, each
 * missing piece named with the command that provides it. Exits 1 when anything blocks a deploy.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultBundleLocations } from '../bundles';
import { ConfigurationError, loadStageConfig, stageOverrides } from '../config';
import { sdkAwsReader } from '../preflight/aws';
import { formatResults, hasFailures, runPreflight } from '../preflight/checks';
import { detectCredentials } from '../preflight/credentials';
import { contextValues, parseCdkArgs, UsageError } from './cdk-args';

// This operator tool runs on the workspace's Node 20; the SDK's Node 22 notice is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

async function main(): Promise<void> {
  // Same arguments as infra:deploy, so `-c fulfillmentEndpoint=…` is checked as it will be deployed.
  const { stages, passThrough } = parseCdkArgs(['deploy', ...process.argv.slice(2)]);
  const context = contextValues(passThrough);
  let failed = false;
  for (const stage of stages) {
    const config = loadStageConfig(stage, stageOverrides(context));
    console.log(`Preflight for ${config.namePrefix} (${config.region}, CloudFront WAF in ${config.edgeRegion})`);
    const results = await runPreflight(config, {
      detectCredentials: () => detectCredentials(),
      aws: sdkAwsReader(),
      bundles: defaultBundleLocations(workspaceRoot),
      workspaceRoot,
    });
    console.log(formatResults(results));
    failed ||= hasFailures(results);
  }
  console.log(failed ? 'Preflight failed: fix the ✖ items above before deploying.' : 'Preflight passed.');
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  // Usage and configuration errors are expected; anything else is still reported in one line.
  const message =
    error instanceof UsageError || error instanceof ConfigurationError || error instanceof Error
      ? error.message
      : String(error);
  console.error(`infra preflight: ${message}`);
  process.exit(1);
});
