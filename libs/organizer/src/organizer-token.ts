/**
 * The one check of an organizer's token, used twice on every back-office request: by the gateway
 * (API Gateway's Cognito authorizer in AWS, the local API server locally: is this a valid ID token
 * of our user pool and app client?) and again inside each organizer function (the same, and is
 * its user in the `organizers` group?). See docs/decisions/080-organizer-sign-in.md.
 */
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { ForbiddenError, UnauthorizedError } from '@tth/runtime';

/** The security scheme of openapi.yaml that marks an organizer operation (the gateway's authorizer goes there). */
export const ORGANIZER_SECURITY_SCHEME = 'organizerToken';

/** The Cognito group whose members may use the back office. */
export const ORGANIZERS_GROUP = 'organizers';

export interface OrganizerTokenConfig {
  /** The user pool that signs organizers in, e.g. `us-east-2_AbCdEf123`. */
  readonly userPoolId: string;
  /** The back office's app client: the ID token's audience. */
  readonly clientId: string;
  /**
   * cognito-local's base URL (`http://127.0.0.1:9229`), only when running locally: its tokens'
   * issuer is `<endpoint>/<userPoolId>` and its keys are fetched from there. Unset in AWS, where the
   * issuer is Cognito's and the keys come over https.
   */
  readonly localEndpoint?: string;
}

/** Who is signed in, from a verified ID token. */
export interface OrganizerIdentity {
  readonly username: string;
  readonly email: string;
  readonly groups: readonly string[];
}

export interface OrganizerTokenVerifier {
  /** A valid ID token of the pool and client (what the Cognito authorizer checks): 401 otherwise. */
  authenticate(authorization: string | undefined): Promise<OrganizerIdentity>;
  /** As `authenticate`, and its user is in `organizers`: 403 otherwise. */
  requireOrganizer(authorization: string | undefined): Promise<OrganizerIdentity>;
}

interface Verify {
  /** Makes sure the pool's keys are at hand; a failure here is ours (500), not the caller's. */
  readonly ready: () => Promise<void>;
  readonly verify: (token: string) => Promise<JwtPayload>;
}

const UNAUTHORIZED_MESSAGE = 'Sign in as an organizer: the token is missing, expired or not valid here.';

/** `Bearer <token>`, or the bare token as API Gateway's Cognito authorizer also accepts it. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const value = authorization?.trim();
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (match) return match[1];
  return /\s/.test(value) ? undefined : value;
}

function stringClaim(payload: JwtPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' ? value : undefined;
}

function identityOf(payload: JwtPayload): OrganizerIdentity {
  const groups = payload['cognito:groups'];
  return {
    username: stringClaim(payload, 'cognito:username') ?? stringClaim(payload, 'sub') ?? '',
    email: stringClaim(payload, 'email') ?? '',
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
  };
}

/** cognito-local serves its keys over http, which aws-jwt-verify will not fetch: fetch them here and hand them over. */
async function fetchLocalJwks(jwksUri: string): Promise<Jwks> {
  const response = await fetch(jwksUri, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${jwksUri} answered ${response.status}`);
  return (await response.json()) as Jwks;
}

function createVerify(config: OrganizerTokenConfig): Verify {
  if (!config.localEndpoint) {
    const verifier = CognitoJwtVerifier.create({
      userPoolId: config.userPoolId,
      clientId: config.clientId,
      tokenUse: 'id',
    });
    return { ready: async () => undefined, verify: (token) => verifier.verify(token) };
  }
  const issuer = `${config.localEndpoint.replace(/\/+$/, '')}/${config.userPoolId}`;
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const verifier = JwtVerifier.create({
    issuer,
    audience: config.clientId,
    jwksUri,
    customJwtCheck: ({ payload }) => {
      if (payload['token_use'] !== 'id') throw new Error('not an ID token');
    },
  });
  let keys: Promise<void> | undefined;
  return {
    ready: () =>
      (keys ??= fetchLocalJwks(jwksUri).then(
        (jwks) => verifier.cacheJwks(jwks),
        (error: unknown) => {
          keys = undefined;
          throw error;
        },
      )),
    verify: (token) => verifier.verify(token),
  };
}

/** A verifier for one user pool and client; create it once per container (it caches the pool's keys). */
export function createOrganizerTokenVerifier(config: OrganizerTokenConfig): OrganizerTokenVerifier {
  const { ready, verify } = createVerify(config);

  const authenticate = async (authorization: string | undefined): Promise<OrganizerIdentity> => {
    const token = bearerToken(authorization);
    if (!token) throw new UnauthorizedError(UNAUTHORIZED_MESSAGE);
    await ready();
    let payload: JwtPayload;
    try {
      payload = await verify(token);
    } catch {
      // Expired, forged, another pool's or client's, an access token, not a JWT at all: all the same to the caller.
      throw new UnauthorizedError(UNAUTHORIZED_MESSAGE);
    }
    return identityOf(payload);
  };

  return {
    authenticate,
    async requireOrganizer(authorization) {
      const identity = await authenticate(authorization);
      if (!identity.groups.includes(ORGANIZERS_GROUP))
        throw new ForbiddenError(`Only members of the ${ORGANIZERS_GROUP} group may use the back office.`);
      return identity;
    },
  };
}
