/**
 * `nx run infra:restore-table --stage=prod --table=Orders --to=<ISO time>|latest [--execute]`:
 * step 3 of docs/restore.md. Prints the plan; with --execute restores the table from
 * point-in-time recovery into a new table, re-applies what a restore does not carry, and prints
 * the operator setting that points the stage at it. Run again to finish an interrupted restore.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadStageConfig } from '../config';
import { detectCredentials } from '../preflight/credentials';
import { executeRestore } from '../restore/execute';
import { configSnippet, describePlan, parseRestorePoint, planRestore } from '../restore/plan';
import { parseOptions, required, type OptionSpec } from './options';
import { runTool } from './run';

const spec: OptionSpec = {
  usage:
    'Usage: nx run infra:restore-table --stage=dev|staging|prod --table=<TableId> --to=<ISO time>|latest [--execute]',
  values: ['stage', 'table', 'to'],
  flags: ['execute'],
};

runTool('restore-table', async () => {
  const options = parseOptions(process.argv.slice(2), spec);
  const config = loadStageConfig(required(options, 'stage', spec));
  const plan = planRestore({
    config,
    tableId: required(options, 'table', spec),
    restorePoint: parseRestorePoint(options.values['to']),
    now: new Date(),
  });
  console.log(`Restore plan for ${config.namePrefix} (${config.region}):`);
  for (const line of describePlan(plan)) console.log(`  ${line}`);
  if (!options.flags.has('execute')) {
    console.log('Dry run: nothing was changed. Run the same command with --execute to restore.');
    return 0;
  }
  const credentials = await detectCredentials();
  if (!credentials.found) throw new Error(credentials.reason);
  const result = await executeRestore(plan, {
    dynamodb: new DynamoDBClient({ region: config.region }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: (line) => console.log(line),
  });
  console.log(`Restored: ${result.tableName} (${result.performed.join(', ') || 'nothing left to do'})`);
  console.log(`Next (docs/restore.md, step 5): in tools/infra/src/config.ts, operatorSettings.${config.stage}:`);
  console.log(`  ${configSnippet(plan, result.streamArn)}`);
  console.log(`then: npx nx run infra:deploy --stage=${config.stage}`);
  return 0;
});
