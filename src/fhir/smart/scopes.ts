import { READABLE_TYPES } from '../search-params.js';
import { OAuthError } from './oauth-error.js';

/** What discovery advertises; every per-type form of these is accepted too. */
export const SUPPORTED_SCOPES = ['system/*.read', 'system/*.rs', 'system/ServiceRequest.write', 'system/ServiceRequest.c'] as const;

export type ScopeInteraction = 'read' | 'search' | 'create';

/**
 * Partners write one thing: a referral to this hospital arrives as a ServiceRequest. Everything
 * else is read-only; update and delete are granted for nothing.
 */
const CREATABLE_TYPES: readonly string[] = ['ServiceRequest'];
/** Types a scope may name besides the readable ones: a bulk export's Group, a partner's own referrals. */
const OTHER_SCOPED_TYPES: readonly string[] = ['Group', 'ServiceRequest'];

const MAX_SCOPES = 50;
/**
 * System scopes: SMART v1 `.read` / `.write`, and v2 permission strings (letters of `cruds` in that
 * order). Granular v2 filters (`?category=…`) are not supported and are refused, never ignored.
 */
const SCOPE = /^system\/(\*|[A-Z][A-Za-z]{1,40})\.(read|write|c?r?u?d?s?)$/;

const isV1 = (permission: string): boolean => permission === 'read' || permission === 'write';
const writes = (permission: string): boolean => permission === 'write' || (!isV1(permission) && permission.includes('c'));
/** Update and delete (v2 `u`, `d`) are granted for nothing. */
const changes = (permission: string): boolean => !isV1(permission) && /[ud]/.test(permission);

/**
 * Checks a token request's `scope` against what this server can grant and returns the granted
 * scopes (duplicates dropped, order kept). Anything else — another context than `system/`, an
 * update or delete, a write of anything but a ServiceRequest, a type the FHIR API does not serve —
 * refuses the whole request: a partial grant would let a client believe it may do what it may not.
 */
export function grantableScopes(raw: string | undefined, readableTypes: readonly string[] = READABLE_TYPES): string[] {
  const tokens = (raw ?? '').split(' ').filter((token) => token !== '');
  if (tokens.length === 0) throw new OAuthError('invalid_scope', 'scope_missing', 'scope is required, e.g. "system/*.read"');
  if (tokens.length > MAX_SCOPES) throw new OAuthError('invalid_scope', 'scope_too_many', `at most ${MAX_SCOPES} scopes per request`);
  for (const token of tokens) {
    const match = SCOPE.exec(token);
    const [, type, permission] = match ?? [];
    const unsupported = !match || permission === '' || changes(permission!) || (writes(permission!) && !CREATABLE_TYPES.includes(type!));
    if (unsupported) throw new OAuthError('invalid_scope', 'scope_unsupported', `unsupported scope "${token.slice(0, 100)}": read-only system scopes such as system/Observation.read or system/*.rs, and system/ServiceRequest.write to send referrals`);
    if (type !== '*' && !readableTypes.includes(type!) && !OTHER_SCOPED_TYPES.includes(type!)) throw new OAuthError('invalid_scope', 'scope_type_unsupported', `unsupported scope "${token}": ${type} is not served by this FHIR API`);
  }
  return [...new Set(tokens)];
}

/** Whether granted scopes allow reading (`read`), searching (`search`) or creating (`create`) a resource type. */
export function scopesAllow(scopes: readonly string[], resourceType: string, interaction: ScopeInteraction): boolean {
  return scopes.some((scope) => {
    const match = SCOPE.exec(scope);
    if (!match || (match[1] !== '*' && match[1] !== resourceType)) return false;
    const permission = match[2]!;
    if (interaction === 'create') return writes(permission);
    return permission === 'read' || (!isV1(permission) && permission.includes(interaction === 'read' ? 'r' : 's'));
  });
}
