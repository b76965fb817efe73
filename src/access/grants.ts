/**
 * Grants as data: who may read which catalog resource, which fields, for which patients, for what
 * purpose, over which channel, until when, and how masked. The sharing workflow creates them; the
 * access decision evaluates them with the pure rules below.
 */
export const GRANTEE_KINDS = ['user', 'department', 'institution'] as const;
export type GranteeKind = (typeof GRANTEE_KINDS)[number];

/** How the data leaves: read through the API, packed into an encrypted export, or to an external institution. */
export const CHANNELS = ['api', 'export', 'external'] as const;
export type Channel = (typeof CHANNELS)[number];

export const GRANT_STATUSES = ['active', 'suspended', 'revoked', 'expired'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/**
 * identified: granted fields in clear, identifiers outside the grant masked;
 * pseudonymised: direct identifiers masked even when granted, the patient link replaced by a pseudonym;
 * de-identified: direct identifiers dropped, quasi-identifiers generalised.
 */
export const MASKING_PROFILES = ['identified', 'pseudonymised', 'de-identified'] as const;
export type MaskingProfile = (typeof MASKING_PROFILES)[number];

/** Criteria a patient's records must meet; each set member narrows the scope (AND). */
export interface PatientCriteria {
  /** Records produced by this department. */
  departmentCode?: string;
  /** Records dated in [from, to). */
  from?: string;
  to?: string;
  /** Patients with a diagnosis (Condition) coded `system|code`. */
  diagnosisCode?: string;
}

export type PatientScope = { kind: 'patients'; patientIds: string[] } | { kind: 'criteria'; criteria: PatientCriteria } | { kind: 'all' };

export interface Grantee {
  kind: GranteeKind;
  id: string;
}

export interface Grant {
  id: string;
  grantee: Grantee;
  catalogCode: string;
  fields: string[];
  patientScope: PatientScope;
  purpose: string;
  channel: Channel;
  validFrom: string;
  validTo: string;
  status: GrantStatus;
  maskingProfile: MaskingProfile;
  shareRequestId: string | null;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  statusChangedAt: string | null;
  statusChangedBy: string | null;
  statusReason: string | null;
  /** The period the shared data covers (the request's dataFrom/dataTo): records dated in [dataFrom, dataTo); null is open-ended. */
  dataFrom?: string | null;
  dataTo?: string | null;
}

/** Who is asking, reduced to what grantee matching needs. */
export interface GranteeIdentity {
  userId: string | null;
  departmentId: string | null;
  institutionId: string | null;
}

export function granteeMatches(grantee: Grantee, who: GranteeIdentity): boolean {
  if (grantee.kind === 'user') return grantee.id === who.userId;
  if (grantee.kind === 'department') return grantee.id === who.departmentId;
  return grantee.id === who.institutionId;
}

/** The status as of `now`: an active grant past its end date is expired even before a job marks it. */
export function effectiveStatus(grant: Pick<Grant, 'status' | 'validTo'>, now: Date): GrantStatus {
  if (grant.status === 'active' && Date.parse(grant.validTo) <= now.getTime()) return 'expired';
  return grant.status;
}

/** Live: active, started and not ended. Revocation takes effect on the very next request because nothing caches this. */
export function isLive(grant: Pick<Grant, 'status' | 'validFrom' | 'validTo'>, now: Date): boolean {
  const time = now.getTime();
  return grant.status === 'active' && Date.parse(grant.validFrom) <= time && time < Date.parse(grant.validTo);
}

export interface GrantUse {
  who: GranteeIdentity;
  catalogCode: string;
  purpose: string;
  channel: Channel;
  now: Date;
}

/** Whether a grant can serve this read at all (patients and fields are checked separately). */
export function grantApplies(grant: Grant, use: GrantUse): boolean {
  return isLive(grant, use.now) && grant.catalogCode === use.catalogCode && grant.purpose === use.purpose && grant.channel === use.channel && granteeMatches(grant.grantee, use.who);
}

/** Why a grant does not serve a read, for the denied audit entry and for tests. */
export function grantRefusal(grant: Grant, use: GrantUse): string | null {
  if (!granteeMatches(grant.grantee, use.who)) return 'grantee';
  const status = effectiveStatus(grant, use.now);
  if (status !== 'active') return `grant ${status}`;
  if (Date.parse(grant.validFrom) > use.now.getTime()) return 'grant not yet valid';
  if (grant.catalogCode !== use.catalogCode) return 'resource';
  if (grant.purpose !== use.purpose) return 'purpose';
  if (grant.channel !== use.channel) return 'channel';
  return null;
}

/**
 * Whether a record falls inside the grant's data period. A grant limited in time opens only records
 * with a date in [dataFrom, dataTo); an undated record is outside any limited period.
 */
export function inDataPeriod(grant: Pick<Grant, 'dataFrom' | 'dataTo'>, effectiveAt: string | null): boolean {
  if (!grant.dataFrom && !grant.dataTo) return true;
  if (!effectiveAt) return false;
  if (grant.dataFrom && effectiveAt < grant.dataFrom) return false;
  if (grant.dataTo && effectiveAt >= grant.dataTo) return false;
  return true;
}

/** Criteria a record must meet, on the facts the repository keeps in plain columns. */
export interface RecordScopeFacts {
  patientId: string | null;
  departmentCode: string | null;
  effectiveAt: string | null;
}

/**
 * Whether a record falls inside the grant's patient scope. `hasDiagnosis` answers the criteria's
 * diagnosis test (a query in the store); explicit lists answer from `listed`.
 */
export function inPatientScope(scope: PatientScope, record: RecordScopeFacts, facts: { listed: boolean; hasDiagnosis: boolean }): boolean {
  if (scope.kind === 'all') return true;
  if (!record.patientId) return false;
  if (scope.kind === 'patients') return facts.listed;
  const { departmentCode, from, to, diagnosisCode } = scope.criteria;
  if (departmentCode && record.departmentCode !== departmentCode) return false;
  if (from && (!record.effectiveAt || record.effectiveAt < from)) return false;
  if (to && (!record.effectiveAt || record.effectiveAt >= to)) return false;
  if (diagnosisCode && !facts.hasDiagnosis) return false;
  return true;
}
