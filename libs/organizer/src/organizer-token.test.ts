import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '@tth/runtime';
import { bearerToken, createOrganizerTokenVerifier, type OrganizerTokenVerifier } from './organizer-token';
import { startTestTokenIssuer, type TestTokenIssuer } from './testing';

describe('organizer token verifier (cognito-local mode: keys fetched over http)', () => {
  let issuer: TestTokenIssuer;
  let verifier: OrganizerTokenVerifier;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    verifier = createOrganizerTokenVerifier(issuer.config);
  });
  afterAll(() => issuer.close());

  it('accepts an organizer ID token sent as a bearer token and says who it is', async () => {
    // Arrange
    const token = issuer.token({ username: 'ada@example.com' });

    // Act
    const identity = await verifier.requireOrganizer(`Bearer ${token}`);

    // Assert
    expect(identity).toEqual({ username: 'ada@example.com', email: 'ada@example.com', groups: ['organizers'] });
  });

  it.each([
    ['missing', () => undefined],
    ['empty', () => 'Bearer '],
    ['expired', () => `Bearer ${issuer.token({ expiresInSeconds: -60 })}`],
    ['forged (signed with another key)', () => `Bearer ${issuer.forgedToken()}`],
    [
      'from another issuer',
      () => `Bearer ${issuer.token({ issuer: 'https://cognito-idp.us-east-2.amazonaws.com/us-east-2_Other' })}`,
    ],
    ['for another app client', () => `Bearer ${issuer.token({ audience: 'another-client' })}`],
    ['an access token instead of an ID token', () => `Bearer ${issuer.token({ tokenUse: 'access' })}`],
    ["a buyer's order access token", () => 'Bearer 0123456789abcdefghijABCDEFGHIJ_-klmnopqrs'],
    [
      'tampered',
      () => `Bearer ${issuer.token().replace(/\.([^.]+)\./, (_, body: string) => `.${body.slice(0, -2)}xx.`)}`,
    ],
  ])('refuses a %s token with 401, before and after the group check', async (_case, authorization) => {
    // Act and Assert
    await expect(verifier.authenticate(authorization())).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(verifier.requireOrganizer(authorization())).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('lets the gateway through a valid token of a user outside the group, and the function answers 403', async () => {
    // Arrange
    const token = `Bearer ${issuer.token({ groups: ['buyers'] })}`;

    // Act
    const identity = await verifier.authenticate(token);

    // Assert
    expect(identity.groups).toEqual(['buyers']);
    await expect(verifier.requireOrganizer(token)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('bearerToken', () => {
  it('takes the token from "Bearer <token>" or a bare token, and nothing from anything else', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('   ')).toBeUndefined();
  });
});
