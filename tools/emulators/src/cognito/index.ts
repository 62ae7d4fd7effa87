export {
  CognitoLocalError,
  DEFAULT_COGNITO_LOCAL_PORT,
  startCognitoLocal,
  type CognitoLocal,
  type CognitoLocalOptions,
} from './cognito-local';
export {
  cognitoLocalClient,
  ensureLocalOrganizerPool,
  LOCAL_BACKOFFICE_CLIENT_NAME,
  LOCAL_ORGANIZER,
  LOCAL_ORGANIZER_POOL_NAME,
  type LocalOrganizerPool,
} from './organizer-pool';
