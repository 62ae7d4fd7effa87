/**
 * Builds the stacks of one stage into a CDK App. Used by main.ts (the CDK entry point) and by
 * the tests, which point the bundle folders at small fixtures instead of the real builds.
 */
import { App, Tags } from 'aws-cdk-lib';
import type { BundleLocations } from './bundles';
import { loadStageConfig, PROJECT_NAME, resourceNames, type StageConfig, type StageOverrides } from './config';
import { addNagChecks } from './nag';
import { loadOpenApiDocument } from './openapi-document';
import { AppStack } from './stacks/app-stack';
import { DataStack } from './stacks/data-stack';
import { EdgeStack } from './stacks/edge-stack';

export interface InfraOptions {
  readonly stage: unknown;
  readonly overrides?: StageOverrides;
  readonly bundles: BundleLocations;
  readonly openApiPath: string;
}

export interface InfraStacks {
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly edge: EdgeStack;
  readonly app: AppStack;
}

export function addStage(app: App, options: InfraOptions): InfraStacks {
  const config = loadStageConfig(options.stage, options.overrides);
  const names = resourceNames(config);
  const openApiDocument = loadOpenApiDocument(options.openApiPath);
  const env = { account: config.account, region: config.region };
  const protect = config.retainData;

  const data = new DataStack(app, names.stacks.data, {
    config,
    env,
    description: `TicketsToHeaven ${config.stage}: KMS key, DynamoDB tables, backups, secrets and parameters`,
    terminationProtection: protect,
  });
  const edge = new EdgeStack(app, names.stacks.edge, {
    config,
    env: { account: config.account, region: config.edgeRegion },
    description: `TicketsToHeaven ${config.stage}: CloudFront WAF web ACL (us-east-1 only)`,
    terminationProtection: protect,
    crossRegionReferences: true,
  });
  const appStack = new AppStack(app, names.stacks.app, {
    config,
    env,
    data,
    bundles: options.bundles,
    openApiDocument,
    storefrontWebAclArn: edge.storefrontWebAclArn,
    description: `TicketsToHeaven ${config.stage}: API, functions, fulfillment pipeline, storefront and monitoring`,
    terminationProtection: protect,
    crossRegionReferences: true,
  });
  // Weak cross-stack references (cdk.json) do not imply an order; the app needs both deployed first.
  appStack.addStackDependency(data);
  appStack.addStackDependency(edge);

  for (const stack of [data, edge, appStack]) {
    Tags.of(stack).add('Project', PROJECT_NAME);
    Tags.of(stack).add('Environment', config.stage);
    Tags.of(stack).add('ManagedBy', 'CDK');
  }
  addNagChecks(app);
  return { config, data, edge, app: appStack };
}
