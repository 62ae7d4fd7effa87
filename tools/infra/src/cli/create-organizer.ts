/**
 * `nx run infra:create-organizer --stage=dev|staging|prod --email=<address> [--user-pool-id=…]`:
 * invites an organizer to a deployed stage's back office. Cognito e-mails a temporary password
 * (valid 3 days) that must be changed at the first sign-in (with MFA set up where the stage
 * requires it); the user joins the `organizers` group. Safe to run again for the same address.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createOrganizer } from '@tth/organizer/accounts';
import { isStageName, PRIMARY_REGION, stageNames } from '../config';
import { organizerPoolFromOutputs } from '../organizers/outputs';
import { UsageError } from './cdk-args';
import { parseOptions, required, type OptionSpec } from './options';
import { runTool } from './run';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const spec: OptionSpec = {
  usage: `Usage: nx run infra:create-organizer --stage=${stageNames.join('|')} --email=<address> [--user-pool-id=<id>]`,
  values: ['stage', 'email', 'user-pool-id'],
};

runTool('create-organizer', async () => {
  const options = parseOptions(process.argv.slice(2), spec);
  const stage = required(options, 'stage', spec);
  if (!isStageName(stage)) throw new UsageError(`Unknown stage "${stage}". ${spec.usage}`);
  const email = required(options, 'email', spec).trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new UsageError(`"${email}" is not an e-mail address. ${spec.usage}`);

  let userPoolId = options.values['user-pool-id'];
  if (!userPoolId) {
    const outputsFile = join(workspaceRoot, `dist/tools/infra/outputs-${stage}.json`);
    if (!existsSync(outputsFile))
      throw new Error(`${outputsFile} does not exist: deploy the stage first, or pass --user-pool-id`);
    userPoolId = organizerPoolFromOutputs(
      stage,
      JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string>>,
    ).userPoolId;
  }

  const client = new CognitoIdentityProviderClient({ region: PRIMARY_REGION });
  try {
    const result = await createOrganizer(client, { userPoolId, email });
    console.log(
      result.created
        ? `Invited ${email} to the ${stage} back office (pool ${userPoolId}): Cognito e-mails a temporary password.`
        : `${email} already had an account in pool ${userPoolId}; it is in the organizers group now.`,
    );
    return 0;
  } finally {
    client.destroy();
  }
});
