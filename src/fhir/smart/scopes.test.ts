import { describe, expect, it } from 'vitest';
import { OAuthError } from './oauth-error.js';
import { grantableScopes, scopesAllow } from './scopes.js';

function refusal(raw: string | undefined): OAuthError {
  try {
    grantableScopes(raw);
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected the scope to be refused');
}

describe('grantableScopes', () => {
  it('grants SMART v1 and v2 read-only system scopes, dropping duplicates', () => {
    expect(grantableScopes('system/*.read')).toEqual(['system/*.read']);
    expect(grantableScopes('system/Observation.read  system/Patient.rs system/Observation.read')).toEqual(['system/Observation.read', 'system/Patient.rs']);
    expect(grantableScopes('system/Encounter.r system/Encounter.s')).toEqual(['system/Encounter.r', 'system/Encounter.s']);
  });

  it('grants the one write partners have: creating a ServiceRequest (a referral), and reading their own back', () => {
    expect(grantableScopes('system/ServiceRequest.write system/ServiceRequest.cr system/Group.read')).toEqual(['system/ServiceRequest.write', 'system/ServiceRequest.cr', 'system/Group.read']);
    for (const raw of ['system/Observation.write', 'system/Observation.c', 'system/ServiceRequest.cu', 'system/ServiceRequest.d', 'system/*.c', 'system/ServiceRequest.rc']) expect(refusal(raw)).toMatchObject({ reason: 'scope_unsupported' });
  });

  it('refuses a missing scope, other contexts, writes, granular filters and unknown types as invalid_scope', () => {
    for (const raw of [undefined, '', '   ']) expect(refusal(raw)).toMatchObject({ error: 'invalid_scope', reason: 'scope_missing', status: 400 });
    for (const raw of ['patient/*.read', 'user/Observation.rs', 'system/*.write', 'system/*.cruds', 'system/Observation.rs?category=laboratory', 'launch', 'openid', 'system/*.read system/*.*']) {
      expect(refusal(raw)).toMatchObject({ error: 'invalid_scope', reason: 'scope_unsupported' });
    }
    expect(refusal('system/Practitioner.read')).toMatchObject({ error: 'invalid_scope', reason: 'scope_type_unsupported' });
    expect(refusal(Array.from({ length: 51 }, () => 'system/*.read').join(' '))).toMatchObject({ reason: 'scope_too_many' });
  });
});

describe('scopesAllow', () => {
  it('reads the permission of v1 and v2 scopes, per type or for every type', () => {
    expect(scopesAllow(['system/*.read'], 'Observation', 'search')).toBe(true);
    expect(scopesAllow(['system/Observation.rs'], 'Observation', 'read')).toBe(true);
    expect(scopesAllow(['system/Observation.rs'], 'Patient', 'read')).toBe(false);
    expect(scopesAllow(['system/Observation.r'], 'Observation', 'search')).toBe(false);
    expect(scopesAllow(['system/Observation.s'], 'Observation', 'search')).toBe(true);
    expect(scopesAllow(['system/*.s'], 'Patient', 'read')).toBe(false);
    expect(scopesAllow([], 'Patient', 'read')).toBe(false);
  });

  it('allows creating only with a write or c permission on the type itself', () => {
    expect(scopesAllow(['system/ServiceRequest.write'], 'ServiceRequest', 'create')).toBe(true);
    expect(scopesAllow(['system/ServiceRequest.c'], 'ServiceRequest', 'create')).toBe(true);
    expect(scopesAllow(['system/ServiceRequest.c'], 'ServiceRequest', 'read')).toBe(false);
    expect(scopesAllow(['system/*.read', 'system/ServiceRequest.rs'], 'ServiceRequest', 'create')).toBe(false);
  });
});
