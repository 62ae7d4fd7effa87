/**
 * A stand-in Cognito user pool for unit tests: an RSA key, its JWKS served over http where
 * cognito-local serves it (`<endpoint>/<poolId>/.well-known/jwks.json`), and ID tokens signed with
 * whatever claims a test needs (expired, another issuer, another key, no group). The integration
 * tests use cognito-local itself.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ORGANIZERS_GROUP, type OrganizerTokenConfig } from '../organizer-token';

export interface TokenClaims {
  readonly username?: string;
  readonly email?: string;
  readonly groups?: readonly string[];
  /** Seconds from now; negative for an expired token. Default 3600. */
  readonly expiresInSeconds?: number;
  readonly issuer?: string;
  readonly audience?: string;
  readonly tokenUse?: 'id' | 'access';
}

export interface TestTokenIssuer {
  /** What the verifier under test is configured with. */
  readonly config: Required<OrganizerTokenConfig>;
  /** A token signed with the pool's key. */
  token(claims?: TokenClaims): string;
  /** A token with the same claims signed with a key the pool never published. */
  forgedToken(claims?: TokenClaims): string;
  close(): Promise<void>;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function rsaKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function signJwt(privateKey: KeyObject, kid: string, payload: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = base64url(JSON.stringify(payload));
  const signature = sign('sha256', Buffer.from(`${header}.${body}`), privateKey);
  return `${header}.${body}.${base64url(signature)}`;
}

export async function startTestTokenIssuer(): Promise<TestTokenIssuer> {
  const userPoolId = 'us-east-2_TestPool1';
  const clientId = 'test-backoffice-client';
  const kid = 'test-key';
  const pool = rsaKey();
  const forger = rsaKey();
  const jwks = { keys: [{ ...pool.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] };

  const server = createServer((req, res) => {
    if (req.url === `/${userPoolId}/.well-known/jwks.json`) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(jwks));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const localEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${localEndpoint}/${userPoolId}`;

  const payload = (claims: TokenClaims) => {
    const now = Math.floor(Date.now() / 1000);
    const username = claims.username ?? 'organizer@example.com';
    return {
      sub: randomUUID(),
      'cognito:username': username,
      email: claims.email ?? username,
      'cognito:groups': [...(claims.groups ?? [ORGANIZERS_GROUP])],
      token_use: claims.tokenUse ?? 'id',
      aud: claims.audience ?? clientId,
      iss: claims.issuer ?? issuer,
      iat: now,
      auth_time: now,
      exp: now + (claims.expiresInSeconds ?? 3600),
    };
  };

  return {
    config: { userPoolId, clientId, localEndpoint },
    token: (claims = {}) => signJwt(pool.privateKey, kid, payload(claims)),
    forgedToken: (claims = {}) => signJwt(forger.privateKey, kid, payload(claims)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
