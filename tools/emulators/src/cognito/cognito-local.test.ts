import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createOrganizerTokenVerifier } from '@tth/organizer';
import { freePort } from '../testing/free-port';
import { startCognitoLocal, type CognitoLocal } from './cognito-local';
import { cognitoLocalClient, ensureLocalOrganizerPool, type LocalOrganizerPool } from './organizer-pool';

describe('cognito-local with the organizers pool', { timeout: 30_000 }, () => {
  let cognito: CognitoLocal;
  let pool: LocalOrganizerPool;

  beforeAll(async () => {
    cognito = await startCognitoLocal({ port: await freePort() });
    pool = await ensureLocalOrganizerPool(cognito.endpoint);
  }, 60_000);
  afterAll(() => cognito?.stop());

  const signIn = async (email: string, password: string) => {
    const client = cognitoLocalClient(cognito.endpoint);
    try {
      const result = await client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: pool.clientId,
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      return result.AuthenticationResult;
    } finally {
      client.destroy();
    }
  };

  it('signs the seeded organizer in, and the ID token passes the organizer check', async () => {
    // Arrange
    const verifier = createOrganizerTokenVerifier({
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      localEndpoint: cognito.endpoint,
    });

    // Act
    const tokens = await signIn(pool.organizer.email, pool.organizer.password);
    const identity = await verifier.requireOrganizer(`Bearer ${tokens?.IdToken}`);

    // Assert
    expect(identity.email).toBe(pool.organizer.email);
    expect(identity.groups).toContain('organizers');
  });

  it('finds the same pool, client and organizer the second time (persisted data)', async () => {
    // Act
    const again = await ensureLocalOrganizerPool(cognito.endpoint);

    // Assert
    expect(again).toEqual(pool);
  });

  it("refuses the same user's access token (the back office sends ID tokens)", async () => {
    // Arrange
    const verifier = createOrganizerTokenVerifier({
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      localEndpoint: cognito.endpoint,
    });
    const tokens = await signIn(pool.organizer.email, pool.organizer.password);

    // Act and Assert
    await expect(verifier.authenticate(`Bearer ${tokens?.AccessToken}`)).rejects.toMatchObject({ status: 401 });
  });
});
