/**
 * Organizer accounts in a Cognito user pool: the operator's `nx run infra:create-organizer` in AWS
 * and the local stack's seeded organizer in cognito-local make them with the same calls.
 * Tooling only (an operator's or the local stack's credentials): no Lambda imports this entry.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  UsernameExistsException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ORGANIZERS_GROUP } from './organizer-token';

export interface NewOrganizer {
  readonly userPoolId: string;
  readonly email: string;
  /**
   * A permanent password, set at once and no invitation sent (local stack, tests). Without it
   * Cognito e-mails the organizer a temporary password, to be changed at first sign-in.
   */
  readonly password?: string;
}

export interface CreatedOrganizer {
  readonly email: string;
  /** False when the user already existed (then it is only added to the group, and given the password if one was passed). */
  readonly created: boolean;
}

/** Creates (or completes) an organizer: a user with a verified e-mail, in the `organizers` group. Safe to run twice. */
export async function createOrganizer(
  client: CognitoIdentityProviderClient,
  organizer: NewOrganizer,
): Promise<CreatedOrganizer> {
  const { userPoolId, email, password } = organizer;
  let created = true;
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
        ...(password ? { MessageAction: 'SUPPRESS' } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof UsernameExistsException || (error as Error).name === 'UsernameExistsException')) throw error;
    created = false;
  }
  if (password) {
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: email, Password: password, Permanent: true }),
    );
  }
  await client.send(
    new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: ORGANIZERS_GROUP }),
  );
  return { email, created };
}
