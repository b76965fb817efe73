import { describe, expect, it } from 'vitest';
import type { Grant } from './grants.js';
import { clauseMatches, compileScope, firstMatch, openedFields, type RecordFacts, type ScopeClause, type ScopeInput, type ScopeResource } from './scope.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000).toISOString();

const LAB: ScopeResource = { code: 'CLIN_LAB_REPORT', ownerDepartmentCode: 'JYK', defaultLevel: 4, specialCategory: null, category: 'clinical', shareType: 'conditional', patientData: true };
const PROCEDURE: ScopeResource = { ...LAB, code: 'CLIN_PROCEDURE', ownerDepartmentCode: null };
const HIV: ScopeResource = { ...LAB, code: 'CLIN_INFECTIOUS_RESULT', defaultLevel: 5, specialCategory: 'infectious_disease' };
const PSYCH: ScopeResource = { ...LAB, code: 'CLIN_PSYCH_NOTE', ownerDepartmentCode: null, defaultLevel: 5, specialCategory: 'psychiatric', shareType: 'not_shareable' };
const BILLING: ScopeResource = { ...LAB, code: 'FIN_BILLING', ownerDepartmentCode: 'CWB', category: 'financial' };
const PERSONNEL: ScopeResource = { ...LAB, code: 'MGMT_PERSONNEL', ownerDepartmentCode: 'YWB', category: 'management', patientData: false };

const wang: ScopeInput['reader'] = { userId: 'u-wang', departmentId: 'd-nk', institutionId: null, roles: ['staff'], departmentCode: 'NK', staffKey: 'dr.wang' };
const sun: ScopeInput['reader'] = { userId: 'u-sun', departmentId: 'd-jyk', institutionId: null, roles: ['staff'], departmentCode: 'JYK', staffKey: 'lab.sun' };

function grant(overrides: Partial<Grant> = {}): Grant {
  return {
    id: 'g-1',
    grantee: { kind: 'user', id: 'u-wang' },
    catalogCode: 'CLIN_LAB_REPORT',
    fields: ['testCode'],
    patientScope: { kind: 'patients', patientIds: ['p-1'] },
    purpose: 'treatment',
    channel: 'api',
    validFrom: hours(-1),
    validTo: hours(1),
    status: 'active',
    maskingProfile: 'identified',
    shareRequestId: null,
    reason: null,
    createdBy: 'u-admin',
    createdAt: hours(-1),
    statusChangedAt: null,
    statusChangedBy: null,
    statusReason: null,
    ...overrides,
  };
}

function input(overrides: Partial<ScopeInput> = {}): ScopeInput {
  return { reader: wang, resource: LAB, purpose: 'treatment', channel: 'api', now: NOW, afterDischargeHours: 72, grants: [], emergencies: [], ...overrides };
}

const bases = (clauses: ScopeClause[]) => clauses.map((clause) => clause.basis);

function facts(overrides: Partial<RecordFacts> = {}): RecordFacts {
  return { patientId: 'p-1', departmentCode: 'JYK', effectiveAt: '2026-11-20T00:00:00.000Z', level: 4, onCareTeam: false, listedIn: new Set(), diagnosedFor: new Set(), ...overrides };
}

describe('compileScope: rule 1, department', () => {
  it('opens the whole resource to staff of the owning department, capped at level 4', () => {
    expect(compileScope(input({ reader: sun, purpose: 'quality-control' }))).toEqual([{ basis: 'department', maxLevel: 4, departmentCode: null }]);
  });

  it('opens a per-department resource only to the rows of the reader’s department', () => {
    const [first] = compileScope(input({ resource: PROCEDURE, purpose: 'research' }));
    expect(first).toEqual({ basis: 'department', maxLevel: 4, departmentCode: 'NK' });
  });

  it('does not depend on the purpose of use', () => {
    expect(bases(compileScope(input({ reader: sun, purpose: 'quality-control' })))).toEqual(['department']);
  });

  it('never opens level-5 or special-category content, even to the owning department', () => {
    expect(compileScope(input({ reader: sun, resource: HIV }))).toEqual([]);
    expect(compileScope(input({ reader: sun, resource: { ...LAB, specialCategory: 'genetic' } }))).toEqual([]);
  });

  it('gives administrators and auditors of the owning department nothing', () => {
    expect(compileScope(input({ reader: { ...sun, roles: ['info_admin'] } }))).toEqual([]);
    expect(compileScope(input({ reader: { ...sun, roles: ['auditor'] } }))).toEqual([]);
    expect(compileScope(input({ reader: { ...sun, roles: ['privacy_officer'] } }))).toEqual([]);
  });
});

describe('compileScope: rule 2, care team', () => {
  it('opens clinical patient data for treatment, ending the window the configured hours after discharge', () => {
    expect(compileScope(input())).toEqual([{ basis: 'care-team', maxLevel: 4, staffKey: 'dr.wang', endedAfter: hours(-72) }]);
    expect(compileScope(input({ afterDischargeHours: 0 }))).toEqual([{ basis: 'care-team', maxLevel: 4, staffKey: 'dr.wang', endedAfter: NOW.toISOString() }]);
  });

  it.each(['referral', 'nursing', 'research', 'billing', 'management'])('is not a basis for purpose %s', (purpose) => {
    expect(compileScope(input({ purpose }))).toEqual([]);
  });

  it('does not reach level-5 or special-category resources', () => {
    expect(compileScope(input({ resource: HIV }))).toEqual([]);
    expect(compileScope(input({ resource: { ...LAB, specialCategory: 'infectious_disease' } }))).toEqual([]);
  });

  it('does not reach financial or management resources', () => {
    expect(compileScope(input({ resource: BILLING }))).toEqual([]);
    expect(compileScope(input({ resource: PERSONNEL }))).toEqual([]);
    expect(compileScope(input({ resource: { ...LAB, patientData: false } }))).toEqual([]);
  });

  it('needs a staff role and a staff key', () => {
    expect(compileScope(input({ reader: { ...wang, roles: ['privacy_officer'] } }))).toEqual([]);
    expect(compileScope(input({ reader: { ...wang, roles: ['info_admin'] } }))).toEqual([]);
    expect(compileScope(input({ reader: { ...wang, staffKey: null } }))).toEqual([]);
    expect(bases(compileScope(input({ reader: { ...wang, roles: ['dept_head'] } })))).toEqual(['care-team']);
  });

  it('comes after the department rule when both apply', () => {
    expect(bases(compileScope(input({ resource: PROCEDURE })))).toEqual(['department', 'care-team']);
  });
});

describe('compileScope: rule 3, grants', () => {
  it('adds one clause per applicable grant, in the order given', () => {
    const a = grant({ id: 'a' });
    const b = grant({ id: 'b', grantee: { kind: 'department', id: 'd-nk' } });
    const clauses = compileScope(input({ purpose: 'research', grants: [a, b].map((g) => ({ ...g, purpose: 'research' })) }));
    expect(bases(clauses)).toEqual(['grant:a', 'grant:b']);
    expect(clauses[0]).toMatchObject({ grant: { id: 'a' } });
  });

  it('re-checks every grant the store hands over: grantee, resource, purpose, channel, time, status', () => {
    const refused = [
      grant({ id: 'other-user', grantee: { kind: 'user', id: 'u-li' } }),
      grant({ id: 'other-dept', grantee: { kind: 'department', id: 'd-wk' } }),
      grant({ id: 'other-resource', catalogCode: 'CLIN_IMAGING_REPORT' }),
      grant({ id: 'purpose', purpose: 'research' }),
      grant({ id: 'channel', channel: 'export' }),
      grant({ id: 'expired', validTo: hours(-0.5) }),
      grant({ id: 'future', validFrom: hours(0.5) }),
      grant({ id: 'suspended', status: 'suspended' }),
      grant({ id: 'revoked', status: 'revoked' }),
    ];
    expect(compileScope(input({ grants: refused, purpose: 'treatment', reader: { ...wang, staffKey: null } }))).toEqual([]);
    expect(bases(compileScope(input({ grants: [...refused, grant({ id: 'ok' })], reader: { ...wang, staffKey: null } })))).toEqual(['grant:ok']);
  });

  it('serves a department grant only to members with a data role, not administrators seated in the department', () => {
    const departmental = grant({ grantee: { kind: 'department', id: 'd-xxk' } });
    const admin = { ...wang, departmentId: 'd-xxk', departmentCode: 'XXK', staffKey: null };
    expect(compileScope(input({ reader: { ...admin, roles: ['info_admin'] }, grants: [departmental] }))).toEqual([]);
    expect(compileScope(input({ reader: { ...admin, roles: ['system_admin'] }, grants: [departmental] }))).toEqual([]);
    expect(compileScope(input({ reader: { ...admin, roles: ['privacy_officer'] }, grants: [departmental] }))).toEqual([]);
    expect(bases(compileScope(input({ reader: { ...admin, roles: ['staff'] }, grants: [departmental] })))).toEqual(['grant:g-1']);
  });

  it('is the only way for rules 1–3 to reach level 5', () => {
    const hivGrant = grant({ catalogCode: 'CLIN_INFECTIOUS_RESULT' });
    expect(bases(compileScope(input({ reader: sun, resource: HIV, grants: [{ ...hivGrant, grantee: { kind: 'user', id: 'u-sun' } }] })))).toEqual(['grant:g-1']);
    expect(bases(compileScope(input({ reader: sun, resource: HIV, grants: [hivGrant] })))).toEqual([]);
  });

  it('never opens a not-shareable resource, whatever the grant says', () => {
    const psychGrant = grant({ catalogCode: 'CLIN_PSYCH_NOTE' });
    expect(compileScope(input({ resource: PSYCH, grants: [psychGrant] }))).toEqual([]);
  });

  it('serves the export channel only to export grants', () => {
    const exportGrant = grant({ channel: 'export' });
    expect(bases(compileScope(input({ reader: { ...wang, staffKey: null }, channel: 'export', grants: [exportGrant, grant({ id: 'api' })] })))).toEqual(['grant:g-1']);
  });
});

describe('compileScope: rule 4, emergency access', () => {
  const open = { id: 'e-1', patientId: 'p-9', expiresAt: hours(1) };

  it('adds live windows after every other rule, for patient data over the API', () => {
    expect(bases(compileScope(input({ reader: sun, purpose: 'treatment', grants: [grant({ grantee: { kind: 'user', id: 'u-sun' } })], emergencies: [open] })))).toEqual(['department', 'care-team', 'grant:g-1', 'emergency:e-1']);
    expect(compileScope(input({ purpose: 'referral', emergencies: [open] }))).toEqual([{ basis: 'emergency:e-1', emergencyId: 'e-1', patientId: 'p-9' }]);
  });

  it('reaches level-5 content that is shareable', () => {
    expect(bases(compileScope(input({ resource: HIV, emergencies: [open] })))).toEqual(['emergency:e-1']);
  });

  it('drops windows that have expired, including one expiring this instant', () => {
    expect(compileScope(input({ purpose: 'referral', emergencies: [{ ...open, expiresAt: NOW.toISOString() }] }))).toEqual([]);
    expect(compileScope(input({ purpose: 'referral', emergencies: [{ ...open, expiresAt: hours(-1) }] }))).toEqual([]);
  });

  it('needs a data role: a window outlives no change of roles', () => {
    expect(compileScope(input({ purpose: 'referral', reader: { ...wang, roles: ['privacy_officer'] }, emergencies: [open] }))).toEqual([]);
    expect(compileScope(input({ purpose: 'referral', reader: { ...wang, roles: ['info_admin'] }, emergencies: [open] }))).toEqual([]);
    expect(bases(compileScope(input({ purpose: 'referral', reader: { ...wang, roles: ['dept_head'] }, emergencies: [open] })))).toEqual(['emergency:e-1']);
  });

  it('opens neither not-shareable content, nor non-patient data, nor other channels', () => {
    expect(compileScope(input({ resource: PSYCH, emergencies: [open] }))).toEqual([]);
    expect(compileScope(input({ resource: PERSONNEL, emergencies: [open] }))).toEqual([]);
    expect(compileScope(input({ purpose: 'referral', channel: 'export', emergencies: [open] }))).toEqual([]);
  });
});

describe('clauseMatches', () => {
  it('department: level ≤ 4 and, when scoped, the producing department', () => {
    const all: ScopeClause = { basis: 'department', maxLevel: 4, departmentCode: null };
    const nk: ScopeClause = { basis: 'department', maxLevel: 4, departmentCode: 'NK' };
    expect(clauseMatches(all, facts())).toBe(true);
    expect(clauseMatches(all, facts({ level: 5 }))).toBe(false);
    expect(clauseMatches(all, facts({ patientId: null }))).toBe(true);
    expect(clauseMatches(nk, facts({ departmentCode: 'NK' }))).toBe(true);
    expect(clauseMatches(nk, facts({ departmentCode: 'WK' }))).toBe(false);
    expect(clauseMatches(nk, facts({ departmentCode: null }))).toBe(false);
    expect(clauseMatches(nk, facts({ departmentCode: 'NK', level: 5 }))).toBe(false);
  });

  it('care team: the reader on the patient’s team, level ≤ 4, and a patient at all', () => {
    const team: ScopeClause = { basis: 'care-team', maxLevel: 4, staffKey: 'dr.wang', endedAfter: hours(-72) };
    expect(clauseMatches(team, facts({ onCareTeam: true }))).toBe(true);
    expect(clauseMatches(team, facts({ onCareTeam: false }))).toBe(false);
    expect(clauseMatches(team, facts({ onCareTeam: true, level: 5 }))).toBe(false);
    expect(clauseMatches(team, facts({ onCareTeam: true, patientId: null }))).toBe(false);
  });

  it('grant: the grant’s patient scope, listed or by criteria', () => {
    const listed: ScopeClause = { basis: 'grant:g-1', grant: grant() };
    expect(clauseMatches(listed, facts({ listedIn: new Set(['g-1']) }))).toBe(true);
    expect(clauseMatches(listed, facts({ listedIn: new Set(['g-2']) }))).toBe(false);
    const byDiagnosis: ScopeClause = { basis: 'grant:g-3', grant: grant({ id: 'g-3', patientScope: { kind: 'criteria', criteria: { diagnosisCode: 'icd|E11' } } }) };
    expect(clauseMatches(byDiagnosis, facts({ diagnosedFor: new Set(['g-3']) }))).toBe(true);
    expect(clauseMatches(byDiagnosis, facts({ diagnosedFor: new Set(['g-1']) }))).toBe(false);
    // A grant does not cap the level: it is how level-5 content is shared at all.
    expect(clauseMatches(listed, facts({ level: 5, listedIn: new Set(['g-1']) }))).toBe(true);
  });

  it('emergency: only the window’s patient', () => {
    const emergency: ScopeClause = { basis: 'emergency:e-1', emergencyId: 'e-1', patientId: 'p-9' };
    expect(clauseMatches(emergency, facts({ patientId: 'p-9', level: 5 }))).toBe(true);
    expect(clauseMatches(emergency, facts({ patientId: 'p-1' }))).toBe(false);
    expect(clauseMatches(emergency, facts({ patientId: null }))).toBe(false);
  });
});

describe('firstMatch', () => {
  const department: ScopeClause = { basis: 'department', maxLevel: 4, departmentCode: 'NK' };
  const team: ScopeClause = { basis: 'care-team', maxLevel: 4, staffKey: 'dr.wang', endedAfter: hours(-72) };
  const listed: ScopeClause = { basis: 'grant:g-1', grant: grant() };
  const emergency: ScopeClause = { basis: 'emergency:e-1', emergencyId: 'e-1', patientId: 'p-1' };
  const all = [department, team, listed, emergency];

  it('names the first rule in order that allows the record', () => {
    const everything = facts({ departmentCode: 'NK', onCareTeam: true, listedIn: new Set(['g-1']) });
    expect(firstMatch(all, everything)?.basis).toBe('department');
    expect(firstMatch(all, { ...everything, departmentCode: 'WK' })?.basis).toBe('care-team');
    expect(firstMatch(all, { ...everything, departmentCode: 'WK', onCareTeam: false })?.basis).toBe('grant:g-1');
    expect(firstMatch(all, { ...everything, departmentCode: 'WK', onCareTeam: false, listedIn: new Set() })?.basis).toBe('emergency:e-1');
  });

  it('falls through to a later rule for level-5 records the first two cannot reach', () => {
    expect(firstMatch(all, facts({ departmentCode: 'NK', onCareTeam: true, level: 5, listedIn: new Set(['g-1']) }))?.basis).toBe('grant:g-1');
  });

  it('returns null when no rule allows the record, or there are no rules', () => {
    expect(firstMatch(all, facts({ patientId: 'p-2', departmentCode: 'WK' }))).toBeNull();
    expect(firstMatch([], facts())).toBeNull();
  });

  it('agrees with compileScope end to end: a department reader of another department’s row falls through to nothing', () => {
    const clauses = compileScope(input({ resource: PROCEDURE, purpose: 'research' }));
    expect(firstMatch(clauses, facts({ departmentCode: 'NK' }))?.basis).toBe('department');
    expect(firstMatch(clauses, facts({ departmentCode: 'WK', onCareTeam: true }))).toBeNull();
  });
});

describe('openedFields', () => {
  it('opens exactly a grant’s fields, and the whole record for the other rules', () => {
    expect(openedFields({ basis: 'grant:g-1', grant: grant({ fields: ['testCode', 'resultQuantity'] }) })).toEqual(['testCode', 'resultQuantity']);
    expect(openedFields({ basis: 'department', maxLevel: 4, departmentCode: null })).toBe('all');
    expect(openedFields({ basis: 'care-team', maxLevel: 4, staffKey: 'x', endedAfter: NOW.toISOString() })).toBe('all');
    expect(openedFields({ basis: 'emergency:e', emergencyId: 'e', patientId: 'p' })).toBe('all');
  });
});

describe('partner institutions and patient consent', () => {
  const partner: ScopeInput['reader'] = { userId: null, departmentId: null, institutionId: 'i-jc', roles: [], departmentCode: null, staffKey: null };
  const toPartner = (overrides: Partial<Grant> = {}) => grant({ id: 'g-ext', grantee: { kind: 'institution', id: 'i-jc' }, channel: 'external', purpose: 'referral', ...overrides });

  it('opens only the institution’s own grants, on the external channel, never rules 1, 2 or 4', () => {
    const clauses = compileScope(input({ reader: partner, resource: LAB, purpose: 'referral', channel: 'external', grants: [toPartner(), grant({ id: 'g-user' })], emergencies: [{ id: 'e-1', patientId: 'p-1', expiresAt: hours(1) }] }));
    expect(bases(clauses)).toEqual(['grant:g-ext']);
    expect(compileScope(input({ reader: partner, resource: LAB, purpose: 'referral', channel: 'api', grants: [toPartner()] }))).toEqual([]);
  });

  it('needs the patient’s consent for identifiable data, not for de-identified data', () => {
    const [identified] = compileScope(input({ reader: partner, purpose: 'referral', channel: 'external', grants: [toPartner()] }));
    expect(identified).toMatchObject({ consent: { recipientId: 'i-jc', purpose: 'referral', catalogCode: 'CLIN_LAB_REPORT' } });
    const [deidentified] = compileScope(input({ reader: partner, purpose: 'referral', channel: 'external', grants: [toPartner({ maskingProfile: 'de-identified' })] }));
    expect(deidentified).not.toHaveProperty('consent');
    const [internal] = compileScope(input({ grants: [grant()] }));
    expect(internal).not.toHaveProperty('consent');
  });

  it('opens a level-3+ record only when a consent covers it, and a lower level without one', () => {
    const [clause] = compileScope(input({ reader: partner, purpose: 'referral', channel: 'external', grants: [toPartner()] }));
    const listed = new Set(['g-ext']);
    expect(clauseMatches(clause!, facts({ listedIn: listed }))).toBe(false);
    expect(clauseMatches(clause!, facts({ listedIn: listed, consentedFor: new Set(['g-ext']) }))).toBe(true);
    expect(clauseMatches(clause!, facts({ listedIn: listed, consentedFor: new Set(['g-other']) }))).toBe(false);
    expect(clauseMatches(clause!, facts({ listedIn: listed, level: 2 }))).toBe(true);
  });
});
