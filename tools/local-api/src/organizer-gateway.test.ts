import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { validateResponse } from '@tth/contracts/response-validation';
import { createOrganizerTokenVerifier, organizerRoutes } from '@tth/organizer';
import { startTestTokenIssuer, type TestTokenIssuer } from '@tth/organizer/testing';
import { createHttpFunction, silentLogger, type HttpFunction } from '@tth/runtime';
import { startLocalApi, type LocalApi } from './server';

describe('local API: organizer operations behind the Cognito authorizer stand-in', () => {
  let issuer: TestTokenIssuer;
  let api: LocalApi;
  let unguarded: LocalApi;
  const invocations: APIGatewayProxyEvent[] = [];

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    const tokens = createOrganizerTokenVerifier(issuer.config);
    const organizerFunction = createHttpFunction(organizerRoutes({ tokens }), { logger: silentLogger });
    const recorded: HttpFunction = async (event, context) => {
      invocations.push(event);
      return organizerFunction(event, context);
    };
    api = await startLocalApi({ functions: { organizer: recorded }, organizerTokens: tokens, logger: silentLogger });
    unguarded = await startLocalApi({ functions: { organizer: recorded }, logger: silentLogger });
  });
  afterAll(async () => {
    await api?.close();
    await unguarded?.close();
    await issuer?.close();
  });

  const session = (target: LocalApi, headers: Record<string, string>) =>
    fetch(`${target.url}/admin/session`, { headers }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as unknown,
    }));

  it('answers an organizer with who is signed in, the response as the contract says', async () => {
    // Act
    const { status, body } = await session(api, {
      Authorization: `Bearer ${issuer.token({ username: 'ada@example.com' })}`,
    });

    // Assert
    expect(status).toBe(200);
    expect(body).toEqual({ username: 'ada@example.com', email: 'ada@example.com', groups: ['organizers'] });
    expect(api.contractViolations).toEqual([]);
  });

  it.each([
    ['no token', () => ({})],
    ['an expired token', () => ({ Authorization: `Bearer ${issuer.token({ expiresInSeconds: -1 })}` })],
    ['a forged token', () => ({ Authorization: `Bearer ${issuer.forgedToken()}` })],
    [
      "another issuer's token",
      () => ({ Authorization: `Bearer ${issuer.token({ issuer: 'http://127.0.0.1:1/us-east-2_Elsewhere' })}` }),
    ],
    ["a buyer's order token", () => ({ 'X-Order-Token': 'A'.repeat(43), Authorization: `Bearer ${'A'.repeat(43)}` })],
  ])('refuses %s with 401 at the gateway, before any function runs', async (_case, headers) => {
    // Arrange
    const before = invocations.length;

    // Act
    const { status, body } = await session(api, headers());

    // Assert
    expect(status).toBe(401);
    expect(validateResponse('getOrganizerSession', 401, body).ok).toBe(true);
    expect((body as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect(invocations.length).toBe(before);
  });

  it('lets a valid token of a non-organizer through the gateway, and the function refuses it with 403', async () => {
    // Arrange
    const before = invocations.length;

    // Act
    const { status, body } = await session(api, { Authorization: `Bearer ${issuer.token({ groups: [] })}` });

    // Assert
    expect(status).toBe(403);
    expect((body as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect(invocations.length).toBe(before + 1);
  });

  it('refuses every organizer operation when no sign-in is configured, even with a valid token', async () => {
    // Act
    const { status } = await session(unguarded, { Authorization: `Bearer ${issuer.token()}` });

    // Assert
    expect(status).toBe(401);
  });
});
