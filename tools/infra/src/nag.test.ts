/**
 * cdk-nag (AwsSolutions, PCI DSS 3.2.1, Serverless) over every stage: nothing unacknowledged, and
 * every acknowledgement carries a reason written for that finding.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { fixtureNames } from './testing/stage-settings';
import { acknowledge, addNagChecks, nagPacks } from './nag';
import { synthesizedStage } from './testing/templates';

describe.each(fixtureNames)('cdk-nag AwsSolutions, PCI DSS 3.2.1 and Serverless (%s)', (stage) => {
  it('synthesizes with the nag validation plugin enabled', () => {
    // Act
    const { synthError } = synthesizedStage(stage);

    // Assert
    expect(synthError).toBeUndefined();
  });

  it('leaves no finding unacknowledged, errors or warnings', () => {
    // Act
    const { nagViolations } = synthesizedStage(stage);

    // Assert
    expect(
      nagViolations.map((violation) => `${violation.severity} ${violation.ruleName} at ${violation.paths.join(', ')}`),
    ).toEqual([]);
  });

  it('acknowledges only specific findings, each with its own reason', () => {
    // Act
    const { acknowledgements } = synthesizedStage(stage);

    // Assert
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) {
      expect(id).toMatch(
        /^(?:annotation::)?(?:AwsSolutions-[A-Z]+\d+|PCI\.DSS\.321-[A-Za-z0-9]+|Serverless-[A-Za-z0-9]+)(?:\[.+\])?$/i,
      );
      expect(reason.length).toBeGreaterThanOrEqual(40);
    }
    const reasons = new Map<string, Set<string>>();
    for (const { id, reason } of acknowledgements)
      reasons.set(reason, (reasons.get(reason) ?? new Set()).add(id.replace(/\[.*$/, '')));
    // A reason may cover several findings of one or two related rules, never a grab bag of rules.
    const broadReasons = [...reasons].filter(([, rules]) => rules.size > 2).map(([reason]) => reason);
    expect(broadReasons).toEqual([]);
  });
});

describe('nag packs', () => {
  it('registers the AwsSolutions, PCI DSS 3.2.1 and Serverless packs as synth validation plugins', () => {
    // Arrange
    const app = new App();

    // Act
    addNagChecks(app);

    // Assert
    expect(app.policyValidationBeta1.map((plugin) => plugin.name)).toEqual([
      'AwsSolutions',
      'PCI.DSS.321',
      'Serverless',
    ]);
    expect(nagPacks().map((pack) => pack.readPackName)).toEqual(['AwsSolutions', 'PCI.DSS.321', 'Serverless']);
  });
});

describe('acknowledge', () => {
  it('refuses an acknowledgement without a real reason', () => {
    // Arrange
    const stack = new Stack(new App(), 'Example');

    // Act
    const acknowledgeVaguely = () => acknowledge(stack, 'needed', 'AwsSolutions-IAM5');

    // Assert
    expect(acknowledgeVaguely).toThrow(/specific reason/);
  });

  it('records one acknowledgement per finding id', () => {
    // Arrange
    const stack = new Stack(new App(), 'Example');

    // Act
    acknowledge(
      stack,
      'A reason that explains exactly why this finding is acceptable.',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-L1',
    );

    // Assert
    const recorded = stack.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as object));
    expect(recorded.map((id) => id.replace(/^annotation::/i, ''))).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-L1',
    ]);
  });
});
