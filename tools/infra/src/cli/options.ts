/**
 * Command-line options of the operator tools (`--name=value`, `--name value`, `--flag`): unknown
 * options are refused with the usage line instead of being ignored.
 */
import { UsageError } from './cdk-args';

export interface OptionSpec {
  readonly usage: string;
  readonly values: readonly string[];
  readonly flags?: readonly string[];
}

export interface ParsedOptions {
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly flags: ReadonlySet<string>;
}

export function parseOptions(argv: readonly string[], spec: OptionSpec): ParsedOptions {
  const values: Record<string, string | undefined> = {};
  const flags = new Set<string>();
  const queue = [...argv];
  for (let arg = queue.shift(); arg !== undefined; arg = queue.shift()) {
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];
    if (name && spec.values.includes(name)) {
      const value = match[2] ?? queue.shift();
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value. ${spec.usage}`);
      values[name] = value;
    } else if (name && spec.flags?.includes(name) && match[2] === undefined) {
      flags.add(name);
    } else {
      throw new UsageError(`Unknown option "${arg}". ${spec.usage}`);
    }
  }
  return { values, flags };
}

/** The value of a required option, or a usage error naming it. */
export function required(options: ParsedOptions, name: string, spec: OptionSpec): string {
  const value = options.values[name];
  if (value === undefined || value === '') throw new UsageError(`--${name} is required. ${spec.usage}`);
  return value;
}
