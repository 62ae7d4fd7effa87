/**
 * Lambda `organizer`: the back office's operations (/admin/...). API Gateway's Cognito authorizer
 * has checked the token already; every route checks it again, with the `organizers` group
 * (@tth/organizer), so nothing relies on the gateway alone.
 */
import { createOrganizerTokenVerifier, organizerRoutes, type OrganizerDeps } from '@tth/organizer';
import { createHttpFunction, type HttpFunctionOptions } from '@tth/runtime';
import { loadFunctionConfig } from '../config';

export function createOrganizerHandler(deps: OrganizerDeps, options?: HttpFunctionOptions) {
  return createHttpFunction(organizerRoutes(deps), options);
}

// Module scope: read once per container; the verifier caches the pool's keys across requests.
const config = loadFunctionConfig('organizer');

export const handler = createOrganizerHandler(
  {
    tokens: createOrganizerTokenVerifier({
      userPoolId: config.organizerUserPoolId,
      clientId: config.organizerClientId,
      ...(config.cognitoEndpoint ? { localEndpoint: config.cognitoEndpoint } : {}),
    }),
  },
  { allowedOrigin: config.storefrontUrl },
);
