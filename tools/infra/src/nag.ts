/**
 * cdk-nag (AwsSolutions) wiring. Every acknowledgement goes through `acknowledge` with the
 * exact finding id (cdk-nag 3 has no prefix matching) and a reason specific to that resource.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
}

/** Acknowledges the given cdk-nag findings on `scope` (and everything below it) for `reason`. */
export function acknowledge(scope: IConstruct, reason: string, ...findingIds: string[]): void {
  if (reason.trim().length < 20) throw new Error(`A cdk-nag acknowledgement needs a specific reason (got "${reason}")`);
  for (const id of findingIds) Validations.of(scope).acknowledge({ id, reason });
}
