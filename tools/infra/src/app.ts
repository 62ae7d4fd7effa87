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
import { EdgeMonitoringStack } from './stacks/edge-monitoring-stack';
import { EdgeStack } from './stacks/edge-stack';
import { RecoveryStack } from './stacks/recovery-stack';

export interface InfraOptions {
  readonly stage: unknown;
  readonly overrides?: StageOverrides;
  readonly bundles: BundleLocations;
  readonly openApiPath: string;
}

export interface InfraStacks {
  readonly config: StageConfig;
  readonly recovery: RecoveryStack;
  readonly data: DataStack;
  readonly edge: EdgeStack;
  readonly app: AppStack;
  readonly edgeMonitoring: EdgeMonitoringStack;
}

/**
 * The stacks of one stage, in deployment order: recovery (us-west-2) -> data (us-east-2) ->
 * edge (us-east-1) -> app (us-east-2) -> edge monitoring (us-east-1). Weak cross-stack references
 * (cdk.json) imply no order, so each dependency is declared.
 */
export function addStage(app: App, options: InfraOptions): InfraStacks {
  const config = loadStageConfig(options.stage, options.overrides);
  const names = resourceNames(config);
  const openApiDocument = loadOpenApiDocument(options.openApiPath);
  const inRegion = (region: string) => ({ account: config.account, region });
  const common = { config, terminationProtection: config.retainData, crossRegionReferences: true };

  const recovery = new RecoveryStack(app, names.stacks.recovery, {
    ...common,
    env: inRegion(config.recoveryRegion),
    description: `TicketsToHeaven ${config.stage}: recovery region (backup copies, audit replica)`,
  });
  const data = new DataStack(app, names.stacks.data, {
    ...common,
    env: inRegion(config.region),
    recovery,
    description: `TicketsToHeaven ${config.stage}: KMS keys, DynamoDB tables, backups, audit trail, secrets and parameters`,
  });
  const edge = new EdgeStack(app, names.stacks.edge, {
    ...common,
    env: inRegion(config.edgeRegion),
    description: `TicketsToHeaven ${config.stage}: CloudFront WAF, certificate and edge alarm topic (us-east-1 only)`,
  });
  const appStack = new AppStack(app, names.stacks.app, {
    ...common,
    env: inRegion(config.region),
    data,
    bundles: options.bundles,
    openApiDocument,
    storefrontWebAclArn: edge.storefrontWebAclArn,
    certificate: edge.certificate,
    edgeAlarmTopic: edge.alarms.topic,
    description: `TicketsToHeaven ${config.stage}: API, functions, fulfillment pipeline, storefront and monitoring`,
  });
  const edgeMonitoring = new EdgeMonitoringStack(app, names.stacks.edgeMonitoring, {
    ...common,
    env: inRegion(config.edgeRegion),
    distributionId: appStack.storefront.distribution.distributionId,
    alarms: edge.alarms,
    description: `TicketsToHeaven ${config.stage}: alarms on CloudFront metrics (us-east-1 only)`,
  });
  data.addStackDependency(recovery);
  appStack.addStackDependency(data);
  appStack.addStackDependency(edge);
  edgeMonitoring.addStackDependency(appStack);
  edgeMonitoring.addStackDependency(edge);

  const stacks = { config, recovery, data, edge, app: appStack, edgeMonitoring };
  for (const stack of [recovery, data, edge, appStack, edgeMonitoring]) {
    Tags.of(stack).add('Project', PROJECT_NAME);
    Tags.of(stack).add('Environment', config.stage);
    Tags.of(stack).add('ManagedBy', 'CDK');
  }
  addNagChecks(app);
  return stacks;
}
