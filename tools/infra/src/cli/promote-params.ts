/**
 * `nx run infra:promote-params --from=dev --to=prod [--apply] [--from-profile=… --to-profile=…]`:
 * copies promotable SSM parameters from one stage to the next. A dry run unless --apply; secrets
 * and stage-specific values are never copied; prints migrated / skipped / errored and exits 1 when
 * anything errored. Stages in separate accounts: name each account's AWS profile.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { isStageName, loadStageConfig, stageNames } from '../config';
import { formatReport, promoteParameters, ssmParameterStore } from '../params/promote';
import { detectCredentials } from '../preflight/credentials';
import { UsageError } from './cdk-args';
import { parseOptions, required, type OptionSpec } from './options';
import { runTool } from './run';

const spec: OptionSpec = {
  usage: `Usage: nx run infra:promote-params --from=${stageNames.join('|')} --to=${stageNames.join('|')} [--apply] [--from-profile=<aws profile>] [--to-profile=<aws profile>]`,
  values: ['from', 'to', 'from-profile', 'to-profile'],
  flags: ['apply'],
};

runTool('promote-params', async () => {
  const options = parseOptions(process.argv.slice(2), spec);
  const from = required(options, 'from', spec);
  const to = required(options, 'to', spec);
  for (const stage of [from, to])
    if (!isStageName(stage)) throw new UsageError(`Unknown stage "${stage}". ${spec.usage}`);
  const fromConfig = loadStageConfig(from);
  const toConfig = loadStageConfig(to);
  const credentials = await detectCredentials();
  if (!credentials.found) throw new Error(credentials.reason);
  const client = (region: string, profile: string | undefined) =>
    new SSMClient({ region, maxAttempts: 3, ...(profile ? { profile } : {}) });
  const apply = options.flags.has('apply');
  console.log(`Promoting parameters ${fromConfig.namePrefix} → ${toConfig.namePrefix}${apply ? '' : ' (dry run)'}`);
  const report = await promoteParameters({
    from: fromConfig.stage,
    to: toConfig.stage,
    source: ssmParameterStore(client(fromConfig.region, options.values['from-profile'])),
    target: ssmParameterStore(client(toConfig.region, options.values['to-profile'])),
    apply,
  });
  for (const line of formatReport(report)) console.log(line);
  return report.lines.some((line) => line.outcome === 'errored') ? 1 : 0;
});
