import { describe, expect, it } from 'vitest';
import { UsageError } from './cdk-args';
import { parseOptions, required, type OptionSpec } from './options';

const spec: OptionSpec = {
  usage: 'Usage: tool --stage=<stage> [--execute]',
  values: ['stage', 'to'],
  flags: ['execute'],
};

describe('parseOptions', () => {
  it('reads --name=value, --name value and flags', () => {
    // Act
    const options = parseOptions(['--stage=prod', '--to', 'latest', '--execute'], spec);

    // Assert
    expect(options.values).toEqual({ stage: 'prod', to: 'latest' });
    expect([...options.flags]).toEqual(['execute']);
  });

  it.each([[['--stgae=prod']], [['prod']], [['--execute=yes']], [['--stage']], [['--stage', '--execute']]])(
    'refuses %j with the usage line',
    (argv) => {
      // Act
      const parse = () => parseOptions(argv, spec);

      // Assert
      expect(parse).toThrow(UsageError);
      expect(parse).toThrow(/Usage: tool --stage=<stage>/);
    },
  );

  it('names a missing required option', () => {
    // Act
    const missing = () => required(parseOptions([], spec), 'stage', spec);

    // Assert
    expect(missing).toThrow('--stage is required. Usage: tool --stage=<stage> [--execute]');
  });
});
