/**
 * `nx run infra:diff-stages [--stages=staging,prod]`: the settings that differ between stages
 * (all three by default), offline, from the configuration the CDK app renders.
 */
import { diffStageNames } from '../config-diff';
import { isStageName, stageNames, type StageName } from '../config';
import { UsageError } from './cdk-args';
import { parseOptions, type OptionSpec } from './options';
import { runTool } from './run';

const spec: OptionSpec = {
  usage: `Usage: nx run infra:diff-stages [--stages=${stageNames.join(',')}]`,
  values: ['stages'],
};

runTool('diff-stages', async () => {
  const options = parseOptions(process.argv.slice(2), spec);
  const requested = options.values['stages']?.split(',').map((stage) => stage.trim()) ?? [...stageNames];
  const unknown = requested.filter((stage) => !isStageName(stage));
  if (unknown.length > 0 || requested.length < 2)
    throw new UsageError(
      `--stages needs two or more of ${stageNames.join(', ')} (got ${requested.join(',')}). ${spec.usage}`,
    );
  for (const line of diffStageNames(requested as StageName[])) console.log(line);
  return 0;
});
