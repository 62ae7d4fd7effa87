/**
 * CDK entry point (`cdk.json`: `npx tsx src/main.ts`). One stage per synth: `-c stage=dev|prod`.
 * Known problems (unknown stage, missing build output, contract errors) end the process with
 * one line instead of a stack trace.
 */
import { App } from 'aws-cdk-lib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addStage } from './app';
import { assertBundlesPresent, defaultBundleLocations, MissingBundleError, type BundleLocations } from './bundles';
import { ConfigurationError, stageOverrides } from './config';
import { OpenApiIntegrationError } from './openapi-integration';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null ? undefined : String(value);
}

function main(): void {
  const app = new App();
  const defaults = defaultBundleLocations(workspaceRoot);
  const bundles: BundleLocations = {
    apiBundleDir: resolve(workspaceRoot, contextString(app, 'apiBundleDir') ?? defaults.apiBundleDir),
    storefrontDir: resolve(workspaceRoot, contextString(app, 'storefrontDir') ?? defaults.storefrontDir),
  };
  assertBundlesPresent(bundles, workspaceRoot);
  addStage(app, {
    stage: contextString(app, 'stage'),
    overrides: stageOverrides({
      account: contextString(app, 'account') ?? process.env['CDK_DEFAULT_ACCOUNT'],
      logRetentionDays: contextString(app, 'logRetentionDays'),
      fulfillmentEndpoint: contextString(app, 'fulfillmentEndpoint'),
    }),
    bundles,
    openApiPath: resolve(workspaceRoot, contextString(app, 'openApiPath') ?? 'openapi.yaml'),
  });
  app.synth();
}

try {
  main();
} catch (error) {
  if (
    error instanceof ConfigurationError ||
    error instanceof MissingBundleError ||
    error instanceof OpenApiIntegrationError
  ) {
    console.error(`infra: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
