import { READABLE_TYPES } from '../search-params.js';
import { OAuthError } from './oauth-error.js';

/** What discovery advertises; every per-type form of these is accepted too. */
export const SUPPORTED_SCOPES = ['system/*.read', 'system/*.rs'] as const;

export type ScopeInteraction = 'read' | 'search';

const MAX_SCOPES = 50;
/**
 * Read-only system scopes: SMART v1 `.read`, and the v2 permission strings that read (`r`, `s`,
 * `rs`). Granular v2 filters (`?category=…`) are not supported and are refused, never ignored.
 */
const SCOPE = /^system\/(\*|[A-Z][A-Za-z]{1,40})\.(read|rs|r|s)$/;

/**
 * Checks a token request's `scope` against what this server can grant and returns the granted
 * scopes (duplicates dropped, order kept). Anything else — another context than `system/`, a
 * write permission, a type the FHIR API does not serve — refuses the whole request: a partial
 * grant would let a client believe it may read what it may not.
 */
export function grantableScopes(raw: string | undefined, readableTypes: readonly string[] = READABLE_TYPES): string[] {
  const tokens = (raw ?? '').split(' ').filter((token) => token !== '');
  if (tokens.length === 0) throw new OAuthError('invalid_scope', 'scope_missing', 'scope is required, e.g. "system/*.read"');
  if (tokens.length > MAX_SCOPES) throw new OAuthError('invalid_scope', 'scope_too_many', `at most ${MAX_SCOPES} scopes per request`);
  for (const token of tokens) {
    const match = SCOPE.exec(token);
    if (!match) throw new OAuthError('invalid_scope', 'scope_unsupported', `unsupported scope "${token.slice(0, 100)}": only read-only system scopes such as system/Observation.read or system/*.rs`);
    if (match[1] !== '*' && !readableTypes.includes(match[1]!)) throw new OAuthError('invalid_scope', 'scope_type_unsupported', `unsupported scope "${token}": ${match[1]} is not served by this FHIR API`);
  }
  return [...new Set(tokens)];
}

/** Whether granted scopes allow reading (`read`) or searching (`search`) a resource type. */
export function scopesAllow(scopes: readonly string[], resourceType: string, interaction: ScopeInteraction): boolean {
  return scopes.some((scope) => {
    const match = SCOPE.exec(scope);
    if (!match || (match[1] !== '*' && match[1] !== resourceType)) return false;
    const permission = match[2]!;
    return permission === 'read' || permission.includes(interaction === 'read' ? 'r' : 's');
  });
}
