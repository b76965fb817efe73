import type { CatalogResourceDefinition } from '../catalog/index.js';
import type { IdentificationLevel, RequestedPatients, ShareRequestForm } from './types.js';

/**
 * The share request's life (DESIGN "Sharing workflow"): draft → in_review (step k of n) → granted,
 * or returned (back to the requester, editable) / rejected / withdrawn; granted → closed once usage
 * feedback is in. Pure rules: which steps a request needs, who may act at a step, what narrowing
 * may change, and which transitions are legal. Illegal transitions are refused (409) by the service.
 */
export const REQUEST_STATES = ['draft', 'in_review', 'returned', 'rejected', 'withdrawn', 'granted', 'closed'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export type ReviewerRole = 'dept_head' | 'privacy_officer' | 'info_admin';

export interface ReviewStep {
  role: ReviewerRole;
  /** For department heads: the owning department whose head reviews. */
  departmentCode: string | null;
  /**
   * Fast track (a referral): the step is due this many minutes after the request was submitted,
   * instead of the `sharing.review` step hours after the step opened.
   */
  dueWithinMinutes?: number;
}

export const REVIEW_DECISIONS = ['approve', 'narrow', 'return', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/**
 * Risk decides the steps: the head of each department owning a requested resource, then the privacy
 * officer when level-4+ data is asked for or the recipient is outside the hospital, and the
 * information administrator last, whose approval creates the grants.
 */
export function reviewSteps(form: ShareRequestForm, catalog: ReadonlyMap<string, CatalogResourceDefinition>): ReviewStep[] {
  const owners = new Set<string>();
  let maxLevel = 0;
  for (const requested of form.resources) {
    const resource = catalog.get(requested.catalogCode);
    if (!resource) continue;
    // "Each clinical department owns its own" records: the department the criteria name owns them.
    const owner = resource.ownerDepartmentCode ?? (form.patients.kind === 'criteria' ? (form.patients.criteria.departmentCode ?? null) : null);
    if (owner) owners.add(owner);
    const fieldLevels = requested.fields.map((f) => resource.fields.find((field) => field.name === f.name)?.level ?? 0);
    maxLevel = Math.max(maxLevel, resource.defaultLevel, ...fieldLevels);
  }
  const steps: ReviewStep[] = [...owners].sort().map((departmentCode) => ({ role: 'dept_head', departmentCode }));
  if (maxLevel >= 4 || form.recipient.kind === 'institution') steps.push({ role: 'privacy_officer', departmentCode: null });
  steps.push({ role: 'info_admin', departmentCode: null });
  return steps;
}

export interface Reviewer {
  userId: string;
  roles: readonly string[];
  departmentCode: string | null;
}

/** Whether this person may decide this step; nobody reviews a request they filed. */
export function mayReview(step: ReviewStep, reviewer: Reviewer, requesterId: string): 'ok' | 'own-request' | 'wrong-reviewer' {
  if (reviewer.userId === requesterId) return 'own-request';
  if (!reviewer.roles.includes(step.role)) return 'wrong-reviewer';
  if (step.role === 'dept_head' && reviewer.departmentCode !== step.departmentCode) return 'wrong-reviewer';
  return 'ok';
}

const TRANSITIONS: Record<string, RequestState[]> = {
  submit: ['draft', 'returned'],
  edit: ['draft', 'returned'],
  review: ['in_review'],
  withdraw: ['draft', 'in_review', 'returned'],
  feedback: ['granted'],
};

export function canTransition(action: keyof typeof TRANSITIONS, state: RequestState): boolean {
  return TRANSITIONS[action]?.includes(state) ?? false;
}

/** After a decision at step `index` of `total`: where the request goes next. */
export function afterDecision(decision: ReviewDecision, index: number, total: number): { state: RequestState; step: number } {
  if (decision === 'return') return { state: 'returned', step: 0 };
  if (decision === 'reject') return { state: 'rejected', step: index };
  if (index + 1 < total) return { state: 'in_review', step: index + 1 };
  return { state: 'granted', step: index };
}

export interface Narrowing {
  /** Fields to drop, per catalog resource. */
  dropFields?: Record<string, string[]>;
  accessDays?: number;
  /** A subset of the listed patients. */
  patientIds?: string[];
  identification?: IdentificationLevel;
}

const IDENTIFICATION_ORDER: IdentificationLevel[] = ['identified', 'pseudonymised', 'de-identified'];

/**
 * Narrowing only ever reduces what is shared: fewer fields, a shorter period, fewer patients, a
 * stronger identification level. Anything that would widen the request is refused with the reason.
 */
export function applyNarrowing(form: ShareRequestForm, narrowing: Narrowing): { form: ShareRequestForm } | { refused: string } {
  const resources = form.resources.map((requested) => {
    const drop = new Set(narrowing.dropFields?.[requested.catalogCode] ?? []);
    return { ...requested, fields: requested.fields.filter((f) => !drop.has(f.name)) };
  });
  for (const code of Object.keys(narrowing.dropFields ?? {})) {
    if (!form.resources.some((r) => r.catalogCode === code)) return { refused: `${code} is not part of the request` };
  }
  if (resources.some((r) => r.fields.length === 0)) return { refused: 'narrowing may not remove every field of a resource; reject or return instead' };
  if (narrowing.accessDays !== undefined && (narrowing.accessDays < 1 || narrowing.accessDays > form.accessDays)) return { refused: 'the access period can only be shortened' };
  let patients: RequestedPatients = form.patients;
  if (narrowing.patientIds) {
    if (form.patients.kind !== 'patients') return { refused: 'patients can be narrowed only on a request that lists them' };
    const listed = new Set(form.patients.patientIds);
    if (narrowing.patientIds.length === 0 || narrowing.patientIds.some((id) => !listed.has(id))) return { refused: 'narrowed patients must be a non-empty subset of those requested' };
    patients = { kind: 'patients', patientIds: [...new Set(narrowing.patientIds)] };
  }
  const identification = narrowing.identification ?? form.identification;
  if (IDENTIFICATION_ORDER.indexOf(identification) < IDENTIFICATION_ORDER.indexOf(form.identification)) return { refused: 'the identification level can only be raised' };
  return { form: { ...form, resources, patients, accessDays: narrowing.accessDays ?? form.accessDays, identification } };
}
