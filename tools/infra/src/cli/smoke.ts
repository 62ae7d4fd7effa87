/**
 * `nx run infra:smoke --stage=dev|staging|prod [--storefront-url=… --api-url=…]`: after a
 * deploy, checks the stage from the outside (read-only) and reports one line per check. The URLs
 * come from the outputs `infra:deploy` saved (dist/tools/infra/outputs-<stage>.json) unless given.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStageName, stageNames } from '../config';
import { formatResults, hasFailures } from '../preflight/checks';
import { runSmoke, smokeTargetFromOutputs, type SmokeTarget } from '../smoke/smoke';
import { UsageError } from './cdk-args';
import { parseOptions, required, type OptionSpec } from './options';
import { runTool } from './run';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const spec: OptionSpec = {
  usage: `Usage: nx run infra:smoke --stage=${stageNames.join('|')} [--storefront-url=https://… --api-url=https://…/]`,
  values: ['stage', 'storefront-url', 'api-url'],
};

runTool('smoke', async () => {
  const options = parseOptions(process.argv.slice(2), spec);
  const stage = required(options, 'stage', spec);
  if (!isStageName(stage)) throw new UsageError(`Unknown stage "${stage}". ${spec.usage}`);
  const storefrontUrl = options.values['storefront-url'];
  const apiUrl = options.values['api-url'];
  let target: SmokeTarget;
  if (storefrontUrl && apiUrl) {
    target = {
      stage,
      storefrontUrl: storefrontUrl.replace(/\/$/, ''),
      apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    };
  } else {
    const outputsFile = join(workspaceRoot, `dist/tools/infra/outputs-${stage}.json`);
    if (!existsSync(outputsFile))
      throw new Error(`${outputsFile} does not exist: deploy the stage first, or pass --storefront-url and --api-url`);
    target = smokeTargetFromOutputs(
      stage,
      JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string>>,
    );
  }
  console.log(`Smoke test of ${stage}: storefront ${target.storefrontUrl}, API ${target.apiUrl}`);
  const results = await runSmoke(target);
  console.log(formatResults(results));
  const failed = hasFailures(results);
  console.log(failed ? 'Smoke test failed.' : 'Smoke test passed.');
  return failed ? 1 : 0;
});
