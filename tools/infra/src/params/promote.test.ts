import { GetParametersByPathCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import {
  formatReport,
  promoteParameters,
  ssmParameterStore,
  type ParameterStore,
  type StoredParameter,
} from './promote';

/** An in-memory parameter store; `failOn` makes writing that name fail as SSM would. */
function memoryStore(parameters: StoredParameter[], failOn?: string): ParameterStore & { puts: StoredParameter[] } {
  const stored = new Map(parameters.map((parameter) => [parameter.name, parameter]));
  const puts: StoredParameter[] = [];
  return {
    puts,
    async list(path) {
      return [...stored.values()].filter((parameter) => parameter.name.startsWith(path));
    },
    async put(parameter) {
      if (parameter.name === failOn)
        throw new Error('AccessDeniedException: not authorized to perform ssm:PutParameter');
      puts.push(parameter);
      stored.set(parameter.name, parameter);
    },
  };
}

const dev: StoredParameter[] = [
  { name: '/ticketstoheaven/dev/feature-flags', type: 'String', value: '{"newCheckout":true}' },
  { name: '/ticketstoheaven/dev/third-party-api-endpoint', type: 'String', value: 'https://sandbox.fulfil.example/v1' },
  { name: '/ticketstoheaven/dev/mail/sender', type: 'String', value: 'tickets@example.com' },
  { name: '/ticketstoheaven/dev/mail/smtp-password', type: 'String', value: 'hunter2' },
  { name: '/ticketstoheaven/dev/webhook-signing', type: 'SecureString', value: 'AQICAHh…encrypted' },
  { name: '/ticketstoheaven/dev/checkout/max-tickets', type: 'String', value: '10' },
];
const prod: StoredParameter[] = [
  { name: '/ticketstoheaven/prod/feature-flags', type: 'String', value: '{}' },
  { name: '/ticketstoheaven/prod/third-party-api-endpoint', type: 'String', value: 'https://api.fulfil.example/v1' },
  { name: '/ticketstoheaven/prod/checkout/max-tickets', type: 'String', value: '10' },
];

describe('promoteParameters', () => {
  it('plans without writing: copies behaviour, skips secrets, stage-specific and unchanged values', async () => {
    // Arrange
    const target = memoryStore(prod);

    // Act
    const report = await promoteParameters({ from: 'dev', to: 'prod', source: memoryStore(dev), target, apply: false });

    // Assert
    expect(report.lines.map((line) => [line.target, line.outcome, line.reason])).toEqual([
      ['/ticketstoheaven/prod/checkout/max-tickets', 'skipped', 'already the same in the target stage'],
      ['/ticketstoheaven/prod/feature-flags', 'migrated', 'would be copied (changes the value)'],
      ['/ticketstoheaven/prod/mail/sender', 'migrated', 'would be copied (creates it)'],
      [
        '/ticketstoheaven/prod/mail/smtp-password',
        'skipped',
        'name looks like a secret: set it in the target stage by hand',
      ],
      [
        '/ticketstoheaven/prod/third-party-api-endpoint',
        'skipped',
        'stage-specific (names a resource of its own stage)',
      ],
      ['/ticketstoheaven/prod/webhook-signing', 'skipped', 'secret (SecureString): set it in the target stage by hand'],
    ]);
    expect(target.puts).toEqual([]);
    expect(formatReport(report).at(-1)).toBe(
      'Would migrate 2, skipped 4, errored 0 (dry run: nothing was written; add --apply to copy).',
    );
  });

  it('with --apply writes what the plan copies, and reports a refused write as errored without stopping', async () => {
    // Arrange
    const target = memoryStore(prod, '/ticketstoheaven/prod/feature-flags');

    // Act
    const report = await promoteParameters({ from: 'dev', to: 'prod', source: memoryStore(dev), target, apply: true });

    // Assert
    expect(target.puts).toEqual([
      { name: '/ticketstoheaven/prod/mail/sender', type: 'String', value: 'tickets@example.com' },
    ]);
    expect(report.lines.find((line) => line.target.endsWith('feature-flags'))).toMatchObject({
      outcome: 'errored',
      reason: 'AccessDeniedException: not authorized to perform ssm:PutParameter',
    });
    expect(formatReport(report).at(-1)).toBe('Migrated 1, skipped 4, errored 1.');
  });

  it('is idempotent: a second run finds everything already promoted', async () => {
    // Arrange
    const source = memoryStore(dev);
    const target = memoryStore(prod);
    await promoteParameters({ from: 'dev', to: 'prod', source, target, apply: true });

    // Act
    const again = await promoteParameters({ from: 'dev', to: 'prod', source, target, apply: true });

    // Assert
    expect(again.lines.filter((line) => line.outcome === 'migrated')).toEqual([]);
  });

  it('refuses to promote a stage onto itself', async () => {
    // Act
    const promote = promoteParameters({
      from: 'prod',
      to: 'prod',
      source: memoryStore([]),
      target: memoryStore([]),
      apply: false,
    });

    // Assert
    await expect(promote).rejects.toThrow('--from and --to name the same stage');
  });
});

describe('ssmParameterStore', () => {
  it('pages through GetParametersByPath without decrypting, and overwrites with the same type', async () => {
    // Arrange
    const calls: Array<{ command: string; input: Record<string, unknown> }> = [];
    const send = (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      calls.push({ command: command.constructor.name, input: command.input });
      if (command instanceof GetParametersByPathCommand)
        return command.input['NextToken'] === undefined
          ? { Parameters: [{ Name: '/ticketstoheaven/dev/a', Type: 'String', Value: '1' }], NextToken: 'page-2' }
          : { Parameters: [{ Name: '/ticketstoheaven/dev/b', Type: 'SecureString', Value: 'AQIC…' }] };
      if (command instanceof PutParameterCommand) return { Version: 2 };
      throw new Error(`unexpected ${command.constructor.name}`);
    }) as unknown as SSMClient['send'];
    const store = ssmParameterStore({ send });

    // Act
    const listed = await store.list('/ticketstoheaven/dev/');
    await store.put({ name: '/ticketstoheaven/prod/a', type: 'String', value: '1' });

    // Assert
    expect(listed).toEqual([
      { name: '/ticketstoheaven/dev/a', type: 'String', value: '1' },
      { name: '/ticketstoheaven/dev/b', type: 'SecureString', value: 'AQIC…' },
    ]);
    expect(calls.map((call) => call.input)).toEqual([
      { Path: '/ticketstoheaven/dev/', Recursive: true, WithDecryption: false, NextToken: undefined },
      { Path: '/ticketstoheaven/dev/', Recursive: true, WithDecryption: false, NextToken: 'page-2' },
      { Name: '/ticketstoheaven/prod/a', Type: 'String', Value: '1', Overwrite: true },
    ]);
  });
});
