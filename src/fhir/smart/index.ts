/**
 * SMART Backend Services (SMART App Launch 2.x, `client-confidential-asymmetric`): partner
 * institutions' systems exchange a signed assertion for a short-lived bearer token, and partner
 * routes resolve that token to an InstitutionPrincipal. See docs/adr/0019-smart-backend-services.md.
 */
export { smartRoutes, type SmartRoutesOptions } from './routes.js';
export { SmartTokenService, type IssuedToken, type RevokedToken, type TokenResponse } from './token-service.js';
export { PartnerAuth } from './partner-auth.js';
export { ACCESS_TOKEN_SECONDS } from './access-token.js';
export { scopesAllow, SUPPORTED_SCOPES, type ScopeInteraction } from './scopes.js';
export { REVOKE_PATH, smartConfiguration, TOKEN_PATH, type SmartConfiguration } from './configuration.js';
export type { SmartTables } from './tables.js';
