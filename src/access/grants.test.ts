import { describe, expect, it } from 'vitest';
import { audienceSees } from './grant-service.js';
import { effectiveStatus, grantApplies, granteeMatches, grantRefusal, inDataPeriod, inPatientScope, isLive, type Grant, type GrantUse, type PatientScope } from './grants.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000).toISOString();

function grant(overrides: Partial<Grant> = {}): Grant {
  return {
    id: 'g-1',
    grantee: { kind: 'user', id: 'u-li' },
    catalogCode: 'CLIN_LAB_REPORT',
    fields: ['testCode', 'resultQuantity'],
    patientScope: { kind: 'patients', patientIds: ['p-1'] },
    purpose: 'referral',
    channel: 'api',
    validFrom: minutes(-60),
    validTo: minutes(60),
    status: 'active',
    maskingProfile: 'identified',
    shareRequestId: null,
    reason: 'unit test',
    createdBy: 'u-admin',
    createdAt: minutes(-60),
    statusChangedAt: null,
    statusChangedBy: null,
    statusReason: null,
    ...overrides,
  };
}

const li = { userId: 'u-li', departmentId: 'd-wk', institutionId: null };
const use = (overrides: Partial<GrantUse> = {}): GrantUse => ({ who: li, catalogCode: 'CLIN_LAB_REPORT', purpose: 'referral', channel: 'api', now: NOW, ...overrides });

describe('granteeMatches', () => {
  it('matches a user grant only to that user', () => {
    expect(granteeMatches({ kind: 'user', id: 'u-li' }, li)).toBe(true);
    expect(granteeMatches({ kind: 'user', id: 'u-wang' }, li)).toBe(false);
  });

  it('matches a department grant to every member of the department and nobody else', () => {
    expect(granteeMatches({ kind: 'department', id: 'd-wk' }, li)).toBe(true);
    expect(granteeMatches({ kind: 'department', id: 'd-nk' }, li)).toBe(false);
    expect(granteeMatches({ kind: 'department', id: 'd-wk' }, { ...li, departmentId: null })).toBe(false);
  });

  it('matches an institution grant only to that institution, never to a user with the same id', () => {
    expect(granteeMatches({ kind: 'institution', id: 'i-1' }, { userId: null, departmentId: null, institutionId: 'i-1' })).toBe(true);
    expect(granteeMatches({ kind: 'institution', id: 'u-li' }, li)).toBe(false);
    expect(granteeMatches({ kind: 'user', id: 'i-1' }, { userId: null, departmentId: null, institutionId: 'i-1' })).toBe(false);
  });

  it('does not let a missing identity match a grantee', () => {
    const nobody = { userId: null, departmentId: null, institutionId: null };
    expect(granteeMatches({ kind: 'user', id: '' }, nobody)).toBe(false);
    expect(granteeMatches({ kind: 'department', id: '' }, nobody)).toBe(false);
  });
});

describe('grant liveness', () => {
  it('is live from validFrom (inclusive) to validTo (exclusive)', () => {
    const g = grant({ validFrom: NOW.toISOString(), validTo: minutes(1) });
    expect(isLive(g, NOW)).toBe(true);
    expect(isLive(g, new Date(NOW.getTime() - 1))).toBe(false);
    expect(isLive(g, new Date(NOW.getTime() + 59_999))).toBe(true);
    expect(isLive(g, new Date(NOW.getTime() + 60_000))).toBe(false);
  });

  it.each(['suspended', 'revoked', 'expired'] as const)('is not live while %s, even inside its dates', (status) => {
    expect(isLive(grant({ status }), NOW)).toBe(false);
  });

  it('reports an active grant past its end as expired before any job marks it', () => {
    expect(effectiveStatus(grant({ validTo: minutes(-1) }), NOW)).toBe('expired');
    expect(effectiveStatus(grant({ validTo: NOW.toISOString() }), NOW)).toBe('expired');
    expect(effectiveStatus(grant(), NOW)).toBe('active');
    // Other statuses are kept as they are: a revoked grant does not become "expired".
    expect(effectiveStatus(grant({ status: 'revoked', validTo: minutes(-1) }), NOW)).toBe('revoked');
    expect(effectiveStatus(grant({ status: 'suspended' }), NOW)).toBe('suspended');
  });
});

describe('grantApplies', () => {
  it('applies when grantee, resource, purpose, channel and time all match', () => {
    expect(grantApplies(grant(), use())).toBe(true);
    expect(grantRefusal(grant(), use())).toBeNull();
  });

  it.each<[string, Partial<Grant>, Partial<GrantUse>, string]>([
    ['another user', {}, { who: { ...li, userId: 'u-wang', departmentId: 'd-nk' } }, 'grantee'],
    ['another catalog resource', {}, { catalogCode: 'CLIN_IMAGING_REPORT' }, 'resource'],
    ['the wrong purpose', {}, { purpose: 'treatment' }, 'purpose'],
    ['the export channel for an API grant', {}, { channel: 'export' }, 'channel'],
    ['the API channel for an export grant', { channel: 'export' }, {}, 'channel'],
    ['an expired grant', { validTo: minutes(-1) }, {}, 'grant expired'],
    ['a grant not yet valid', { validFrom: minutes(1) }, {}, 'grant not yet valid'],
    ['a suspended grant', { status: 'suspended' }, {}, 'grant suspended'],
    ['a revoked grant', { status: 'revoked' }, {}, 'grant revoked'],
  ])('does not apply to %s', (_, grantChanges, useChanges, refusal) => {
    expect(grantApplies(grant(grantChanges), use(useChanges))).toBe(false);
    expect(grantRefusal(grant(grantChanges), use(useChanges))).toBe(refusal);
  });

  it('names the grantee first, so a stranger learns nothing about the grant’s state', () => {
    expect(grantRefusal(grant({ status: 'revoked', purpose: 'research' }), use({ who: { userId: 'u-x', departmentId: null, institutionId: null } }))).toBe('grantee');
  });

  it('serves a department grant to its members for the same use', () => {
    const departmental = grant({ grantee: { kind: 'department', id: 'd-wk' } });
    expect(grantApplies(departmental, use({ who: { userId: 'u-other-surgeon', departmentId: 'd-wk', institutionId: null } }))).toBe(true);
    expect(grantApplies(departmental, use({ who: { userId: 'u-li', departmentId: 'd-nk', institutionId: null } }))).toBe(false);
  });
});

describe('inPatientScope', () => {
  const record = { patientId: 'p-1', departmentCode: 'NK', effectiveAt: '2026-06-15T00:00:00.000Z' };
  const none = { listed: false, hasDiagnosis: false };

  it('opens every record for kind all, even one without a patient', () => {
    expect(inPatientScope({ kind: 'all' }, record, none)).toBe(true);
    expect(inPatientScope({ kind: 'all' }, { ...record, patientId: null }, none)).toBe(true);
  });

  it('opens listed patients only', () => {
    const scope: PatientScope = { kind: 'patients', patientIds: ['p-1'] };
    expect(inPatientScope(scope, record, { listed: true, hasDiagnosis: false })).toBe(true);
    expect(inPatientScope(scope, record, none)).toBe(false);
    expect(inPatientScope(scope, { ...record, patientId: null }, { listed: true, hasDiagnosis: false })).toBe(false);
  });

  it('narrows by department, date range and diagnosis, all of which must hold', () => {
    const scope: PatientScope = { kind: 'criteria', criteria: { departmentCode: 'NK', from: '2026-06-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z', diagnosisCode: 'http://hl7.org/fhir/sid/icd-10|E11.9' } };
    const diagnosed = { listed: false, hasDiagnosis: true };
    expect(inPatientScope(scope, record, diagnosed)).toBe(true);
    expect(inPatientScope(scope, record, none)).toBe(false);
    expect(inPatientScope(scope, { ...record, departmentCode: 'WK' }, diagnosed)).toBe(false);
    expect(inPatientScope(scope, { ...record, departmentCode: null }, diagnosed)).toBe(false);
    expect(inPatientScope(scope, { ...record, effectiveAt: '2026-05-31T23:59:59.999Z' }, diagnosed)).toBe(false);
    expect(inPatientScope(scope, { ...record, effectiveAt: null }, diagnosed)).toBe(false);
    expect(inPatientScope(scope, { ...record, patientId: null }, diagnosed)).toBe(false);
  });

  it('takes from as inclusive and to as exclusive', () => {
    const scope: PatientScope = { kind: 'criteria', criteria: { from: '2026-06-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' } };
    expect(inPatientScope(scope, { ...record, effectiveAt: '2026-06-01T00:00:00.000Z' }, none)).toBe(true);
    expect(inPatientScope(scope, { ...record, effectiveAt: '2026-07-01T00:00:00.000Z' }, none)).toBe(false);
    expect(inPatientScope(scope, { ...record, effectiveAt: '2026-06-30T23:59:59.999Z' }, none)).toBe(true);
  });

  it('needs no diagnosis when the criteria name none, but always a patient', () => {
    const scope: PatientScope = { kind: 'criteria', criteria: { departmentCode: 'NK' } };
    expect(inPatientScope(scope, record, none)).toBe(true);
    expect(inPatientScope(scope, { ...record, patientId: null }, none)).toBe(false);
  });
});

describe('inDataPeriod', () => {
  it('opens any date (and undated records) without a period', () => {
    expect(inDataPeriod(grant(), null)).toBe(true);
    expect(inDataPeriod(grant({ dataFrom: null, dataTo: null }), '1999-01-01T00:00:00.000Z')).toBe(true);
  });

  it('opens only records dated in [dataFrom, dataTo), never undated ones', () => {
    const dated = grant({ dataFrom: '2026-01-01T00:00:00.000Z', dataTo: '2026-07-01T00:00:00.000Z' });
    expect(inDataPeriod(dated, '2025-12-31T23:59:59.999Z')).toBe(false);
    expect(inDataPeriod(dated, '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(inDataPeriod(dated, '2026-06-30T23:59:59.999Z')).toBe(true);
    expect(inDataPeriod(dated, '2026-07-01T00:00:00.000Z')).toBe(false);
    expect(inDataPeriod(dated, null)).toBe(false);
    expect(inDataPeriod(grant({ dataFrom: '2026-01-01T00:00:00.000Z' }), '2030-01-01T00:00:00.000Z')).toBe(true);
    expect(inDataPeriod(grant({ dataTo: '2026-01-01T00:00:00.000Z' }), '2000-01-01T00:00:00.000Z')).toBe(true);
  });
});

describe('audienceSees', () => {
  const audience = { userId: 'u-wang', departmentId: 'd-nk', shareRequestIds: ['r-1'], ownedCatalogCodes: ['CLIN_NOTE'] };
  it('shows a grant to its grantee, its requester and the owning head, and to nobody else', () => {
    expect(audienceSees(audience, grant({ grantee: { kind: 'user', id: 'u-wang' } }))).toBe(true);
    expect(audienceSees(audience, grant({ grantee: { kind: 'department', id: 'd-nk' } }))).toBe(true);
    expect(audienceSees(audience, grant({ shareRequestId: 'r-1' }))).toBe(true);
    expect(audienceSees(audience, grant({ catalogCode: 'CLIN_NOTE' }))).toBe(true);
    expect(audienceSees(audience, grant())).toBe(false);
    expect(audienceSees({ ...audience, departmentId: null }, grant({ grantee: { kind: 'department', id: 'd-nk' } }))).toBe(false);
    expect(audienceSees(audience, grant({ grantee: { kind: 'institution', id: 'u-wang' } }))).toBe(false);
  });
});
