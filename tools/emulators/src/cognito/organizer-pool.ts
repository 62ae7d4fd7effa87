/**
 * The local stack's organizer sign-in in cognito-local: one user pool, the back office's app
 * client, the `organizers` group and one organizer whose e-mail and password `npm start` prints.
 * Found by name when they exist (a persisted data directory), created otherwise.
 */
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GroupExistsException,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ORGANIZERS_GROUP } from '@tth/organizer';
import { createOrganizer } from '@tth/organizer/accounts';

export const LOCAL_ORGANIZER_POOL_NAME = 'tickets-to-heaven-local-organizers';
export const LOCAL_BACKOFFICE_CLIENT_NAME = 'backoffice';
/** The seeded organizer's sign-in (local only; printed by `npm start`). */
export const LOCAL_ORGANIZER = { email: 'organizer@tickets.local', password: 'Local-Organizer-1' } as const;

export interface LocalOrganizerPool {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly organizer: { readonly email: string; readonly password: string };
}

/** A Cognito client for cognito-local (it takes any credentials). */
export function cognitoLocalClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export async function ensureLocalOrganizerPool(
  endpoint: string,
  organizer: { readonly email: string; readonly password: string } = LOCAL_ORGANIZER,
): Promise<LocalOrganizerPool> {
  const client = cognitoLocalClient(endpoint);
  try {
    const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const userPoolId =
      pools.UserPools?.find((pool) => pool.Name === LOCAL_ORGANIZER_POOL_NAME)?.Id ??
      (
        await client.send(
          new CreateUserPoolCommand({ PoolName: LOCAL_ORGANIZER_POOL_NAME, UsernameAttributes: ['email'] }),
        )
      ).UserPool?.Id;
    if (!userPoolId) throw new Error('cognito-local created no user pool');

    const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
    const clientId =
      clients.UserPoolClients?.find((appClient) => appClient.ClientName === LOCAL_BACKOFFICE_CLIENT_NAME)?.ClientId ??
      (
        await client.send(
          new CreateUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientName: LOCAL_BACKOFFICE_CLIENT_NAME,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient?.ClientId;
    if (!clientId) throw new Error('cognito-local created no app client');

    try {
      await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: ORGANIZERS_GROUP }));
    } catch (error) {
      if (!(error instanceof GroupExistsException || (error as Error).name === 'GroupExistsException')) throw error;
    }
    await createOrganizer(client, { userPoolId, email: organizer.email, password: organizer.password });
    return { userPoolId, clientId, organizer };
  } finally {
    client.destroy();
  }
}
