import { departmentScope, hasDataRole, type ResourceFacts } from './department-rule.js';
import { grantApplies, inDataPeriod, inPatientScope, type Channel, type Grant } from './grants.js';
import type { Reader } from './reader.js';

/**
 * The access decision as data. `compileScope` turns who is asking, about which catalog resource,
 * for what purpose and when, into an ordered list of clauses — one per rule that can allow
 * anything. The store turns the same clauses into SQL predicates for searches; `firstMatch`
 * evaluates them on one record's facts for single reads. One source, so a search can never show a
 * row that a read of the same row would refuse, nor the other way round.
 */
export type AccessBasis = 'department' | 'care-team' | `grant:${string}` | `emergency:${string}`;

/**
 * The patient's separate consent (单独同意, PIPL Art. 23 and 29) a grant needs before identifiable
 * records of level CONSENT_FROM_LEVEL and above reach an external recipient: recorded for this
 * recipient, purpose and catalog resource, and in force at the time of the read.
 */
export interface ConsentRequirement {
  recipientId: string;
  purpose: string;
  catalogCode: string;
}

/** Level 3 and above identify or re-identify a patient (the levels encrypted at rest). */
export const CONSENT_FROM_LEVEL = 3;

export type ScopeClause =
  | { basis: 'department'; maxLevel: 4; departmentCode: string | null }
  | { basis: 'care-team'; maxLevel: 4; staffKey: string; endedAfter: string }
  | { basis: `grant:${string}`; grant: Grant; consent?: ConsentRequirement }
  | { basis: `emergency:${string}`; emergencyId: string; patientId: string };

export interface ScopeResource extends ResourceFacts {
  category: string;
  shareType: string;
  /** Whether records of this resource are about patients (false for personnel and equipment). */
  patientData: boolean;
}

export interface ActiveEmergency {
  id: string;
  patientId: string;
  expiresAt: string;
}

export interface ScopeInput {
  reader: Reader;
  resource: ScopeResource;
  purpose: string;
  channel: Channel;
  now: Date;
  /** Hours after an encounter ends that its care team keeps the treating relationship (a setting). */
  afterDischargeHours: number;
  /** Candidate grants (the store may pre-filter; every rule is re-checked here). */
  grants: readonly Grant[];
  emergencies: readonly ActiveEmergency[];
}

export function compileScope(input: ScopeInput): ScopeClause[] {
  const { reader, resource, purpose, channel, now } = input;
  const clauses: ScopeClause[] = [];
  const department = departmentScope(reader, resource);
  if (department) clauses.push({ basis: 'department', maxLevel: 4, departmentCode: department.kind === 'department' ? department.departmentCode : null });
  if (careTeamReaches(input)) {
    const endedAfter = new Date(now.getTime() - input.afterDischargeHours * 3_600_000).toISOString();
    clauses.push({ basis: 'care-team', maxLevel: 4, staffKey: reader.staffKey!, endedAfter });
  }
  if (resource.shareType !== 'not_shareable') {
    for (const grant of input.grants) {
      // A department grant serves the department's staff who work with data, not the administrators or
      // auditors seated in it (三员分立): otherwise an information administrator could reach data by
      // granting it to his own department.
      if (grant.grantee.kind === 'department' && !hasDataRole(reader)) continue;
      if (!grantApplies(grant, { who: reader, catalogCode: resource.code, purpose, channel, now })) continue;
      const consent = consentRequirement(grant, resource);
      clauses.push(consent ? { basis: `grant:${grant.id}`, grant, consent } : { basis: `grant:${grant.id}`, grant });
    }
    // Emergency access is for clinical staff (only they may open a window); a window opened before
    // the reader's roles changed does not carry over to a role that does not work with data.
    if (resource.patientData && channel === 'api' && hasDataRole(reader)) {
      for (const emergency of input.emergencies) {
        if (Date.parse(emergency.expiresAt) > now.getTime()) clauses.push({ basis: `emergency:${emergency.id}`, emergencyId: emergency.id, patientId: emergency.patientId });
      }
    }
  }
  return clauses;
}

/**
 * Identifiable patient data leaving the hospital needs the patient's consent; de-identified data is
 * no longer personal information (PIPL Art. 73) and needs none.
 */
function consentRequirement(grant: Grant, resource: ScopeResource): ConsentRequirement | null {
  if (grant.grantee.kind !== 'institution' || grant.maskingProfile === 'de-identified' || !resource.patientData) return null;
  return { recipientId: grant.grantee.id, purpose: grant.purpose, catalogCode: resource.code };
}

/** Rule 2 applies only to clinical patient data, for treatment, below level 5, and to staff who can be matched to a practitioner. */
function careTeamReaches({ reader, resource, purpose }: ScopeInput): boolean {
  if (purpose !== 'treatment' || !reader.staffKey) return false;
  if (!reader.roles.some((role) => role === 'staff' || role === 'dept_head')) return false;
  return resource.patientData && resource.category === 'clinical' && resource.defaultLevel < 5 && !resource.specialCategory;
}

/** The facts about one record that the clauses test, all from plain columns or small lookups. */
export interface RecordFacts {
  patientId: string | null;
  departmentCode: string | null;
  effectiveAt: string | null;
  level: number;
  /** Whether the reader is on this patient's care team within the window (store lookup). */
  onCareTeam: boolean;
  /** Grant ids whose explicit patient list names this patient. */
  listedIn: ReadonlySet<string>;
  /** Grant ids whose diagnosis criterion this patient meets. */
  diagnosedFor: ReadonlySet<string>;
  /** Grant ids whose consent requirement this patient's consents meet now (absent: none do). */
  consentedFor?: ReadonlySet<string>;
}

export function clauseMatches(clause: ScopeClause, record: RecordFacts): boolean {
  if (clause.basis === 'department') return record.level <= clause.maxLevel && (clause.departmentCode === null || record.departmentCode === clause.departmentCode);
  if (clause.basis === 'care-team') return record.level <= clause.maxLevel && record.patientId !== null && record.onCareTeam;
  if ('grant' in clause) {
    const id = clause.grant.id;
    if (clause.consent && record.level >= CONSENT_FROM_LEVEL && !record.consentedFor?.has(id)) return false;
    return inDataPeriod(clause.grant, record.effectiveAt) && inPatientScope(clause.grant.patientScope, record, { listed: record.listedIn.has(id), hasDiagnosis: record.diagnosedFor.has(id) });
  }
  return record.patientId === clause.patientId;
}

/** Rules in order; the first that allows the record names the basis. */
export function firstMatch(clauses: readonly ScopeClause[], record: RecordFacts): ScopeClause | null {
  for (const clause of clauses) if (clauseMatches(clause, record)) return clause;
  return null;
}

/** Fields a clause opens: a grant opens exactly its fields; the other rules open the whole record. */
export function openedFields(clause: ScopeClause): readonly string[] | 'all' {
  return 'grant' in clause ? clause.grant.fields : 'all';
}
