import { describe, expect, it } from 'vitest';
import { cdkArguments, contextValues, needsAws, parseCdkArgs, refusal, UsageError } from './cdk-args';

describe('parseCdkArgs', () => {
  it('synthesizes every stage when no stage is given', () => {
    // Act
    const invocation = parseCdkArgs(['synth']);

    // Assert
    expect(invocation.stages).toEqual(['dev', 'staging', 'prod']);
  });

  it('defaults commands that reach AWS to dev, never prod', () => {
    // Act
    const stages = (['diff', 'deploy', 'destroy'] as const).map((command) => parseCdkArgs([command]).stages);

    // Assert
    expect(stages).toEqual([['dev'], ['dev'], ['dev']]);
  });

  it('accepts --stage=prod and --stage prod and passes other options to the CDK CLI', () => {
    // Act
    const joined = parseCdkArgs(['deploy', '--stage=prod', '--require-approval=never']);
    const separate = parseCdkArgs(['diff', '--stage', 'prod', '-c', 'logRetentionDays=30']);

    // Assert
    expect(joined).toEqual({ command: 'deploy', stages: ['prod'], passThrough: ['--require-approval=never'] });
    expect(separate).toEqual({ command: 'diff', stages: ['prod'], passThrough: ['-c', 'logRetentionDays=30'] });
  });

  it('accepts the staging stage', () => {
    // Act
    const invocation = parseCdkArgs(['deploy', '--stage=staging']);

    // Assert
    expect(invocation.stages).toEqual(['staging']);
  });

  it.each([[[]], [['bootstrap']], [['deploy', '--stage=qa']]])('rejects %j with usage help', (argv) => {
    // Act
    const parse = () => parseCdkArgs(argv);

    // Assert
    expect(parse).toThrow(UsageError);
  });
});

describe('refusal', () => {
  it('refuses to destroy prod with a one-line reason, and only that', () => {
    // Act
    const destroyProd = refusal('destroy', 'prod');
    const others = [refusal('destroy', 'dev'), refusal('deploy', 'prod'), refusal('diff', 'prod')];

    // Assert
    expect(destroyProd).toMatch(/^Refusing to destroy prod/);
    expect(destroyProd).not.toContain('\n');
    expect(others).toEqual([undefined, undefined, undefined]);
  });
});

describe('cdkArguments', () => {
  it('deploys all stacks of the stage from its own cloud assembly and records the outputs', () => {
    // Arrange
    const invocation = parseCdkArgs(['deploy', '--stage=prod', '--require-approval=never']);

    // Act
    const args = cdkArguments(invocation, 'prod', '/repo');

    // Assert
    expect(args).toEqual([
      'deploy',
      '--all',
      '--outputs-file',
      '/repo/dist/tools/infra/outputs-prod.json',
      '-c',
      'stage=prod',
      '--output',
      '/repo/dist/tools/infra/cdk.out/prod',
      '--require-approval=never',
    ]);
  });

  it('synthesizes quietly into dist/tools/infra/cdk.out/<stage>', () => {
    // Act
    const args = cdkArguments(parseCdkArgs(['synth']), 'dev', '/repo');

    // Assert
    expect(args).toEqual(['synth', '--quiet', '-c', 'stage=dev', '--output', '/repo/dist/tools/infra/cdk.out/dev']);
  });

  it('needs AWS for everything but synth', () => {
    // Act
    const needs = (['synth', 'diff', 'deploy', 'destroy'] as const).map(needsAws);

    // Assert
    expect(needs).toEqual([false, true, true, true]);
  });
});

describe('contextValues', () => {
  it('reads -c, --context and -c= forms and ignores other options', () => {
    // Act
    const values = contextValues([
      '-c',
      'apiBundleDir=/tmp/api',
      '--context',
      'alarmEmail=a@b.co',
      '-c=storefrontDir=web',
      '--require-approval=never',
    ]);

    // Assert
    expect(values).toEqual({ apiBundleDir: '/tmp/api', alarmEmail: 'a@b.co', storefrontDir: 'web' });
  });
});
