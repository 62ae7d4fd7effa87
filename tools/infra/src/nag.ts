/**
 * cdk-nag wiring: the AwsSolutions, PCI DSS 3.2.1 and Serverless packs run as validation plugins
 * on every synth. Every acknowledgement goes through `acknowledge` with the exact finding id
 * (cdk-nag 3 has no prefix matching) and a reason specific to that resource.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, PCIDSS321Checks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The rule packs the project passes; the tests run the same list. */
export function nagPacks(app?: App): NagPack[] {
  const options = { writeSuppressionsToCloudFormation: true };
  return [new AwsSolutionsChecks(app, options), new PCIDSS321Checks(app, options), new ServerlessChecks(app, options)];
}

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(...nagPacks(app));
}

/** Acknowledges the given cdk-nag findings on `scope` (and everything below it) for `reason`. */
export function acknowledge(scope: IConstruct, reason: string, ...findingIds: string[]): void {
  if (reason.trim().length < 20) throw new Error(`A cdk-nag acknowledgement needs a specific reason (got "${reason}")`);
  for (const id of findingIds) Validations.of(scope).acknowledge({ id, reason });
}
