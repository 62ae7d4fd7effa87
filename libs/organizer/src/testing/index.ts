/** Test helpers of @tth/organizer: never imported by production code. */
export { startTestTokenIssuer, type TestTokenIssuer, type TokenClaims } from './token-issuer';
