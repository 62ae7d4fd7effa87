/**
 * The CDK app's view of the functions of @tth/functions (the one list): what triggers each,
 * what its role may touch and what its environment holds are derived from the list and the
 * settings it reads, and the tests compare the synthesized policies against them. A new
 * permission or setting is a change in libs/functions, not here.
 */
import {
  commonSettings,
  functionByOperation,
  functionDefinition,
  functionNames,
  rawBodyOperations,
  settings,
  type FunctionName,
  type ParameterId,
  type SecretId,
  type SettingDefinition,
  type SettingKey,
  type SettingsFrom,
  type TableAccess,
} from '@tth/functions';
import type { TableId } from '@tth/data';

export { functionNames, rawBodyOperations, type FunctionName, type ParameterId, type SecretId, type TableAccess };

export interface FunctionSpec {
  readonly name: FunctionName;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly tables: Readonly<Partial<Record<TableId, TableAccess>>>;
  /** Secrets and parameters of the settings it reads: its role may read exactly these. */
  readonly secrets: readonly SecretId[];
  readonly parameters: readonly ParameterId[];
  /** Every setting it reads (the common ones first). */
  readonly settings: readonly SettingKey[];
}

const definitionOf = (key: SettingKey): SettingDefinition => settings[key];

function specOf(name: FunctionName): FunctionSpec {
  const fn = functionDefinition(name);
  const read: readonly SettingKey[] = [...commonSettings, ...fn.settings];
  return {
    name,
    description: fn.description,
    timeoutSeconds: fn.timeoutSeconds,
    tables: fn.tables,
    secrets: read.flatMap((key) => {
      const { aws } = definitionOf(key);
      return aws.from === 'secret' ? [aws.secret] : [];
    }),
    parameters: read.flatMap((key) => {
      const { aws } = definitionOf(key);
      return aws.from === 'parameter' ? [aws.parameter] : [];
    }),
    settings: read,
  };
}

export const functionSpecs: Readonly<Record<FunctionName, FunctionSpec>> = Object.fromEntries(
  functionNames.map((name) => [name, specOf(name)]),
) as Record<FunctionName, FunctionSpec>;

/** Which function serves each operation of openapi.yaml. */
export const operationFunctions: Readonly<Record<string, FunctionName>> = functionByOperation;

/** Values the stack provides: one per setting whose value comes from the stage or from a resource of the stack. */
export interface DeployedValues {
  /** Settings from the stage configuration (`aws: { from: 'stage' }`). */
  readonly stage: Readonly<Record<SettingsFrom<'stage'>, string>>;
  /** Settings from the stack's resources other than tables (`aws: { from: 'stack' }`, e.g. the storefront's URL). */
  readonly stack: Readonly<Record<Exclude<SettingsFrom<'stack'>, TableSettingKey>, string>>;
  readonly tableNames: Readonly<Record<TableId, string>>;
  readonly secretArns: Readonly<Record<SecretId, string>>;
  readonly parameterNames: Readonly<Record<ParameterId, string>>;
}

type TableSettingKey = { [K in SettingKey]: (typeof settings)[K]['kind'] extends 'table' ? K : never }[SettingKey];

/**
 * A function's environment in AWS: every setting it reads that AWS does not leave to its
 * default, to the Lambda runtime, or to local use only. Secrets and parameters are set as the
 * ARN or name to fetch them by.
 */
export function functionEnvironment(name: FunctionName, values: DeployedValues): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const key of functionSpecs[name].settings) {
    const definition = definitionOf(key);
    const { aws } = definition;
    if (definition.kind === 'table') environment[definition.env] = values.tableNames[definition.table];
    else if (aws.from === 'stage') environment[definition.env] = values.stage[key as SettingsFrom<'stage'>];
    else if (aws.from === 'stack') environment[definition.env] = values.stack[key as keyof DeployedValues['stack']];
    else if (aws.from === 'secret') environment[aws.env] = values.secretArns[aws.secret];
    else if (aws.from === 'parameter') environment[aws.env] = values.parameterNames[aws.parameter];
  }
  return environment;
}

/**
 * Which handler publishes each business metric. Powertools adds one dimension, `service`, set to
 * the name the handler passes to `new Metrics({ serviceName })` (its function name); the alarms
 * must use exactly that dimension to see the metric.
 */
export const businessMetricPublishers: Readonly<Record<string, FunctionName>> = Object.fromEntries(
  functionNames.flatMap((name) => {
    return (functionDefinition(name).metrics ?? []).map((metric) => [metric, name]);
  }),
);
