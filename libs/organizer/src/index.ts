/**
 * `@tth/organizer`: the organizers' back office. The token check shared by the local gateway and
 * the organizer functions, and the organizer operations' routes.
 */
export {
  bearerToken,
  createOrganizerTokenVerifier,
  ORGANIZER_SECURITY_SCHEME,
  ORGANIZERS_GROUP,
  type OrganizerIdentity,
  type OrganizerTokenConfig,
  type OrganizerTokenVerifier,
} from './organizer-token';
export { organizerRoutes, type OrganizerDeps } from './routes';
