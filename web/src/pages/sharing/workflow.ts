import {
  IDENTIFICATION_LEVELS,
  type IdentificationLevel,
  type Narrowing,
  type ReviewStep,
  type ShareRequest,
  type ShareRequestForm,
} from '../../api/types';

/**
 * The share request workflow as the console reads it (ADR 0010): who may decide the current step, how
 * each step stands, what the requester may still do, and what a reviewer's narrowing amounts to. The
 * server decides; these rules only choose what to offer.
 */
export interface Viewer {
  userId: string;
  roles: readonly string[];
  /** Code of the viewer's department, for department-head steps. */
  departmentCode: string | null;
}

/** Mirrors the server's rule: the step's role (in the owning department for heads), never one's own request. */
export function mayDecideStep(step: ReviewStep, viewer: Viewer, requesterId: string): boolean {
  if (viewer.userId === requesterId) return false;
  if (!viewer.roles.includes(step.role)) return false;
  return step.role !== 'dept_head' || viewer.departmentCode === step.departmentCode;
}

export function canDecide(request: Pick<ShareRequest, 'state' | 'steps' | 'currentStep' | 'requesterId'>, viewer: Viewer): boolean {
  const step = request.steps[request.currentStep];
  return request.state === 'in_review' && step !== undefined && mayDecideStep(step, viewer, request.requesterId);
}

export type StepStatus = 'finish' | 'process' | 'wait' | 'error';

/** How each review step stands, for a progress bar. */
export function stepStatuses(request: Pick<ShareRequest, 'state' | 'steps' | 'currentStep'>): StepStatus[] {
  return request.steps.map((_, i) => {
    switch (request.state) {
      case 'in_review':
        return i < request.currentStep ? 'finish' : i === request.currentStep ? 'process' : 'wait';
      case 'granted':
      case 'closed':
        return 'finish';
      case 'rejected':
        return i < request.currentStep ? 'finish' : i === request.currentStep ? 'error' : 'wait';
      default:
        // Draft, returned (review starts over after resubmission) and withdrawn: nothing is pending.
        return 'wait';
    }
  });
}

export interface RequesterActions {
  edit: boolean;
  submit: boolean;
  withdraw: boolean;
  feedback: boolean;
}

/** What the requester may do with their own request in its state; nothing for anyone else. */
export function requesterActions(request: Pick<ShareRequest, 'state' | 'requesterId'>, userId: string): RequesterActions {
  const own = request.requesterId === userId;
  const editable = request.state === 'draft' || request.state === 'returned';
  return {
    edit: own && editable,
    submit: own && editable,
    withdraw: own && (editable || request.state === 'in_review'),
    feedback: own && request.state === 'granted',
  };
}

/** What the narrowing form holds: each part set to the request's current value means "unchanged". */
export interface NarrowingValues {
  dropFields: Record<string, string[]>;
  accessDays: number | null;
  patientIds: string[];
  identification: IdentificationLevel;
}

export const NARROWING_PROBLEMS = ['nothing', 'allFields', 'longer', 'noPatients', 'notListed', 'weaker'] as const;
export type NarrowingProblem = (typeof NARROWING_PROBLEMS)[number];

export function narrowingStart(form: Pick<ShareRequestForm, 'accessDays' | 'patients' | 'identification'>): NarrowingValues {
  return {
    dropFields: {},
    accessDays: form.accessDays,
    patientIds: form.patients.kind === 'patients' ? [...form.patients.patientIds] : [],
    identification: form.identification,
  };
}

/**
 * The narrowing to send: only the parts that reduce the request. A part that would widen it, or drop
 * every field of a resource, is a problem (the server refuses those too); so is a narrowing that
 * changes nothing — that is an approval.
 */
export function narrowingFrom(values: NarrowingValues, form: Pick<ShareRequestForm, 'resources' | 'accessDays' | 'patients' | 'identification'>): { narrowing: Narrowing } | { problem: NarrowingProblem } {
  const narrowing: Narrowing = {};
  const dropFields: Record<string, string[]> = {};
  for (const resource of form.resources) {
    const asked = new Set(resource.fields.map((f) => f.name));
    const drop = [...new Set(values.dropFields[resource.catalogCode] ?? [])].filter((f) => asked.has(f));
    if (drop.length === 0) continue;
    if (drop.length >= asked.size) return { problem: 'allFields' };
    dropFields[resource.catalogCode] = drop;
  }
  if (Object.keys(dropFields).length > 0) narrowing.dropFields = dropFields;
  if (values.accessDays !== null && values.accessDays !== form.accessDays) {
    if (values.accessDays > form.accessDays || values.accessDays < 1) return { problem: 'longer' };
    narrowing.accessDays = values.accessDays;
  }
  if (form.patients.kind === 'patients') {
    const listed = form.patients.patientIds;
    const kept = [...new Set(values.patientIds)];
    if (kept.length === 0) return { problem: 'noPatients' };
    if (kept.some((id) => !listed.includes(id))) return { problem: 'notListed' };
    if (kept.length < new Set(listed).size) narrowing.patientIds = kept;
  }
  const from = IDENTIFICATION_LEVELS.indexOf(form.identification);
  const to = IDENTIFICATION_LEVELS.indexOf(values.identification);
  if (to < from) return { problem: 'weaker' };
  if (to > from) narrowing.identification = values.identification;
  if (Object.keys(narrowing).length === 0) return { problem: 'nothing' };
  return { narrowing };
}

/** The approved end of a granted request's access: the final decision plus the (narrowed) access days. */
export function grantedUntil(request: Pick<ShareRequest, 'state' | 'reviews' | 'form'>): string | null {
  if (request.state !== 'granted' && request.state !== 'closed') return null;
  const last = request.reviews[request.reviews.length - 1];
  if (!last) return null;
  return new Date(Date.parse(last.decidedAt) + request.form.accessDays * 86_400_000).toISOString();
}

/**
 * The decision taken at each step in the current round of review: a returned request starts over when
 * resubmitted, so only decisions since the last submission count.
 */
export function roundDecisions(request: Pick<ShareRequest, 'reviews' | 'submittedAt' | 'steps'>): (ShareRequest['reviews'][number] | undefined)[] {
  const since = request.submittedAt ? Date.parse(request.submittedAt) : Number.NEGATIVE_INFINITY;
  return request.steps.map((_, i) => {
    const decided = request.reviews.filter((r) => r.step === i && Date.parse(r.decidedAt) >= since);
    return decided[decided.length - 1];
  });
}
