import type { ProfileName } from '../../crypto/index.js';
import { GM_ASSERTION_ALGORITHMS, STANDARD_ASSERTION_ALGORITHMS } from './assertion-signature.js';
import { SUPPORTED_SCOPES } from './scopes.js';

export const TOKEN_PATH = '/oauth2/token';
/** RFC 7009 token revocation, advertised as `revocation_endpoint` (RFC 8414). */
export const REVOKE_PATH = '/oauth2/revoke';

export interface SmartConfiguration {
  token_endpoint: string;
  revocation_endpoint: string;
  token_endpoint_auth_methods_supported: string[];
  token_endpoint_auth_signing_alg_values_supported: string[];
  grant_types_supported: string[];
  scopes_supported: string[];
  capabilities: string[];
}

/** The signature algorithms a client assertion may use under a crypto profile. */
export function assertionAlgorithms(profile: ProfileName): readonly string[] {
  return profile === 'gm' ? GM_ASSERTION_ALGORITHMS : STANDARD_ASSERTION_ALGORITHMS;
}

/**
 * `/.well-known/smart-configuration` for SMART Backend Services only: there is no authorization
 * endpoint (no user-facing launch), so `authorization_endpoint` and PKCE methods are left out
 * rather than advertised empty. v1 `.read` and v2 `.rs`/`.r`/`.s` permissions are accepted;
 * granular v2 filters (`?category=`) are refused as invalid_scope.
 */
export function smartConfiguration(origin: string, profile: ProfileName): SmartConfiguration {
  return {
    token_endpoint: `${origin}${TOKEN_PATH}`,
    revocation_endpoint: `${origin}${REVOKE_PATH}`,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...assertionAlgorithms(profile)],
    grant_types_supported: ['client_credentials'],
    scopes_supported: [...SUPPORTED_SCOPES],
    capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
  };
}
