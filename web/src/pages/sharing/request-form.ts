import {
  IDENTIFICATION_LEVELS,
  type CatalogField,
  type DeliveryChannel,
  type IdentificationLevel,
  type LegalBasisKind,
  type PatientScopeKind,
  type PolicySetting,
  type RecipientKind,
  type RequestedField,
  type ShareRequest,
  type ShareRequestDraftInput,
  type ShareRequestForm,
  type SharingPurpose,
} from '../../api/types';

/**
 * The request wizard's state (《信息共享申请表》 being filled in) and the rules that turn it into the form
 * the API takes. Pure, so the steps, the live pre-check and the tests share one reading of the form.
 */
export interface ResourceDraft {
  catalogCode: string;
  /** Field names, in the order they were ticked. */
  fields: string[];
  /** Why a field beyond the purpose's necessary ones is wanted, by field name. */
  justifications: Record<string, string>;
}

export interface CriteriaDraft {
  departmentCode: string | null;
  /** ISO date-times; `to` is exclusive. */
  from: string | null;
  to: string | null;
  /** `system|code`. */
  diagnosisCode: string;
}

export interface WizardDraft {
  title: string;
  recipientKind: RecipientKind;
  recipientId: string | null;
  purpose: string | null;
  legalBasis: LegalBasisKind | null;
  legalBasisText: string;
  resources: ResourceDraft[];
  patientsKind: PatientScopeKind;
  patientIds: string[];
  criteria: CriteriaDraft;
  dataFrom: string | null;
  dataTo: string | null;
  accessDays: number | null;
  channel: DeliveryChannel;
  identification: IdentificationLevel;
  consentOnRecord: boolean;
}

export const WIZARD_STEPS = ['basics', 'resources', 'scope', 'confirm'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** What is missing or wrong in the draft; each has a message under `wizard.problem`. */
export const DRAFT_PROBLEMS = [
  'title',
  'recipient',
  'purpose',
  'legalBasis',
  'legalBasisText',
  'resources',
  'fields',
  'patientIds',
  'patientIdInvalid',
  'criteria',
  'diagnosisCode',
  'dataRange',
  'criteriaRange',
  'accessDays',
] as const;
export type DraftProblem = (typeof DRAFT_PROBLEMS)[number];

const STEP_PROBLEMS: Record<WizardStep, readonly DraftProblem[]> = {
  basics: ['title', 'recipient', 'purpose', 'legalBasis', 'legalBasisText'],
  resources: ['resources', 'fields'],
  scope: ['patientIds', 'patientIdInvalid', 'criteria', 'diagnosisCode', 'dataRange', 'criteriaRange', 'accessDays'],
  confirm: [],
};

export const MAX_TITLE = 200;
export const MAX_JUSTIFICATION = 500;
export const MAX_LEGAL_TEXT = 1000;
export const MAX_ACCESS_DAYS = 3650;
const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const DEPARTMENT_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;
const DIAGNOSIS_CODE = /^[^|\s]+\|[^|\s]+$/;

export function emptyDraft(recipientId: string | null = null): WizardDraft {
  return {
    title: '',
    recipientKind: 'department',
    recipientId,
    purpose: null,
    legalBasis: null,
    legalBasisText: '',
    resources: [],
    patientsKind: 'patients',
    patientIds: [],
    criteria: { departmentCode: null, from: null, to: null, diagnosisCode: '' },
    dataFrom: null,
    dataTo: null,
    accessDays: 30,
    channel: 'api',
    identification: 'identified',
    consentOnRecord: false,
  };
}

/** The wizard state of a saved draft or returned request, for editing it. */
export function draftFromRequest(request: Pick<ShareRequest, 'title' | 'form'>): WizardDraft {
  const { form } = request;
  const patients = form.patients;
  return {
    title: request.title,
    recipientKind: form.recipient.kind,
    recipientId: form.recipient.id,
    purpose: form.purpose,
    legalBasis: form.legalBasis.kind,
    legalBasisText: form.legalBasis.text ?? '',
    resources: form.resources.map((r) => ({
      catalogCode: r.catalogCode,
      fields: r.fields.map((f) => f.name),
      justifications: Object.fromEntries(r.fields.filter((f) => f.justification).map((f) => [f.name, f.justification!])),
    })),
    patientsKind: patients.kind,
    patientIds: patients.kind === 'patients' ? [...patients.patientIds] : [],
    criteria:
      patients.kind === 'criteria'
        ? { departmentCode: patients.criteria.departmentCode ?? null, from: patients.criteria.from ?? null, to: patients.criteria.to ?? null, diagnosisCode: patients.criteria.diagnosisCode ?? '' }
        : { departmentCode: null, from: null, to: null, diagnosisCode: '' },
    dataFrom: form.dataFrom ?? null,
    dataTo: form.dataTo ?? null,
    accessDays: form.accessDays,
    channel: form.channel,
    identification: form.identification,
    consentOnRecord: form.consentOnRecord,
  };
}

/** Patient ids typed or pasted as a list: split on commas, semicolons and white space, duplicates dropped. */
export function parsePatientIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;，；、]+/).map((s) => s.trim()).filter((s) => s.length > 0))];
}

export function isPatientId(value: string): boolean {
  return PATIENT_ID.test(value);
}

function before(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && Date.parse(a) > Date.parse(b);
}

/** Every problem of the draft, in DRAFT_PROBLEMS order. */
export function draftProblems(draft: WizardDraft): DraftProblem[] {
  const problems = new Set<DraftProblem>();
  const title = draft.title.trim();
  if (title.length < 2 || title.length > MAX_TITLE) problems.add('title');
  if (!draft.recipientId) problems.add('recipient');
  if (!draft.purpose) problems.add('purpose');
  if (!draft.legalBasis) problems.add('legalBasis');
  else if (draft.legalBasis === 'other' && !draft.legalBasisText.trim()) problems.add('legalBasisText');
  if (draft.resources.length === 0) problems.add('resources');
  if (draft.resources.some((r) => r.fields.length === 0)) problems.add('fields');
  if (draft.patientsKind === 'patients') {
    if (draft.patientIds.length === 0) problems.add('patientIds');
    if (draft.patientIds.some((id) => !isPatientId(id))) problems.add('patientIdInvalid');
  }
  if (draft.patientsKind === 'criteria') {
    const c = draft.criteria;
    if (!c.departmentCode && !c.from && !c.to && !c.diagnosisCode.trim()) problems.add('criteria');
    if (c.departmentCode && !DEPARTMENT_CODE.test(c.departmentCode)) problems.add('criteria');
    if (c.diagnosisCode.trim() && !DIAGNOSIS_CODE.test(c.diagnosisCode.trim())) problems.add('diagnosisCode');
    if (before(c.from, c.to)) problems.add('criteriaRange');
  }
  if (before(draft.dataFrom, draft.dataTo)) problems.add('dataRange');
  if (draft.accessDays === null || !Number.isInteger(draft.accessDays) || draft.accessDays < 1 || draft.accessDays > MAX_ACCESS_DAYS) problems.add('accessDays');
  return DRAFT_PROBLEMS.filter((p) => problems.has(p));
}

/** The problems that keep the wizard on `step`. */
export function stepProblems(draft: WizardDraft, step: WizardStep): DraftProblem[] {
  const wanted = STEP_PROBLEMS[step];
  return draftProblems(draft).filter((p) => wanted.includes(p));
}

/** The step a problem belongs to, to send the user back there. */
export function stepOfProblem(problem: DraftProblem): WizardStep {
  return WIZARD_STEPS.find((step) => STEP_PROBLEMS[step].includes(problem)) ?? 'basics';
}

/**
 * The API form, or what keeps the draft from being one. The title is not part of the form (the live
 * pre-check runs without it); a legal basis "other" without its text still makes a form, which the
 * pre-check then blocks with its own finding.
 */
export function toShareForm(draft: WizardDraft): { form: ShareRequestForm } | { missing: DraftProblem[] } {
  const missing = draftProblems(draft).filter((p) => p !== 'title' && p !== 'legalBasisText');
  if (missing.length > 0 || !draft.recipientId || !draft.purpose || !draft.legalBasis || draft.accessDays === null) return { missing };
  const legalText = draft.legalBasisText.trim().slice(0, MAX_LEGAL_TEXT);
  const c = draft.criteria;
  const form: ShareRequestForm = {
    recipient: { kind: draft.recipientKind, id: draft.recipientId },
    resources: draft.resources.map((r) => ({
      catalogCode: r.catalogCode,
      fields: r.fields.map((name): RequestedField => {
        const justification = r.justifications[name]?.trim().slice(0, MAX_JUSTIFICATION);
        return justification ? { name, justification } : { name };
      }),
    })),
    purpose: draft.purpose,
    legalBasis: legalText ? { kind: draft.legalBasis, text: legalText } : { kind: draft.legalBasis },
    patients:
      draft.patientsKind === 'patients'
        ? { kind: 'patients', patientIds: [...draft.patientIds] }
        : draft.patientsKind === 'criteria'
          ? {
              kind: 'criteria',
              criteria: {
                ...(c.departmentCode ? { departmentCode: c.departmentCode } : {}),
                ...(c.from ? { from: c.from } : {}),
                ...(c.to ? { to: c.to } : {}),
                ...(c.diagnosisCode.trim() ? { diagnosisCode: c.diagnosisCode.trim() } : {}),
              },
            }
          : { kind: 'all' },
    ...(draft.dataFrom ? { dataFrom: draft.dataFrom } : {}),
    ...(draft.dataTo ? { dataTo: draft.dataTo } : {}),
    accessDays: draft.accessDays,
    channel: draft.channel,
    identification: draft.identification,
    consentOnRecord: draft.consentOnRecord,
  };
  return { form };
}

/** What "save draft" sends; null while the draft is not yet a form with a title. */
export function toDraftInput(draft: WizardDraft): ShareRequestDraftInput | null {
  const built = toShareForm(draft);
  if (!('form' in built) || draftProblems(draft).includes('title')) return null;
  return { title: draft.title.trim(), form: built.form };
}

// ── purposes and necessary fields (setting `sharing.purposes`) ──

function isSharingPurpose(value: unknown): value is SharingPurpose {
  if (!value || typeof value !== 'object') return false;
  const p = value as Partial<SharingPurpose>;
  return typeof p.purpose === 'string' && Array.isArray(p.categories) && !!p.necessaryFields && typeof p.necessaryFields === 'object' && typeof p.maxAccessDays === 'number';
}

/** The purpose templates in force; a malformed entry is skipped rather than breaking the wizard. */
export function sharingPurposesFrom(items: readonly PolicySetting[]): SharingPurpose[] {
  const value = items.find((item) => item.key === 'sharing.purposes')?.value;
  return Array.isArray(value) ? value.filter(isSharingPurpose) : [];
}

export function purposeTemplate(purposes: readonly SharingPurpose[], purpose: string | null | undefined): SharingPurpose | undefined {
  return purpose ? purposes.find((p) => p.purpose === purpose) : undefined;
}

/** The fields the purpose needs from a resource; null when its template says nothing about the resource. */
export function necessaryFieldsOf(template: SharingPurpose | undefined, catalogCode: string): string[] | null {
  return template?.necessaryFields[catalogCode] ?? null;
}

/** Fields asked for beyond the necessary ones (none when the template names no necessary fields). */
export function extraFields(fields: readonly string[], necessary: readonly string[] | null): string[] {
  return necessary === null ? [] : fields.filter((f) => !necessary.includes(f));
}

// ── editing the resources of the draft ──

export function addResource(draft: WizardDraft, catalogCode: string, necessary: readonly string[] | null, known: readonly string[]): WizardDraft {
  if (draft.resources.some((r) => r.catalogCode === catalogCode)) return draft;
  // A new resource starts with the purpose's necessary fields ticked, as far as the dictionary has them.
  const fields = necessary ? necessary.filter((f) => known.includes(f)) : [];
  return { ...draft, resources: [...draft.resources, { catalogCode, fields, justifications: {} }] };
}

export function removeResource(draft: WizardDraft, catalogCode: string): WizardDraft {
  return { ...draft, resources: draft.resources.filter((r) => r.catalogCode !== catalogCode) };
}

function updateResource(draft: WizardDraft, catalogCode: string, change: (r: ResourceDraft) => ResourceDraft): WizardDraft {
  return { ...draft, resources: draft.resources.map((r) => (r.catalogCode === catalogCode ? change(r) : r)) };
}

/** Ticks or unticks one field; a field's justification goes with it. */
export function toggleField(draft: WizardDraft, catalogCode: string, field: string, checked: boolean): WizardDraft {
  return updateResource(draft, catalogCode, (r) => {
    if (checked) return r.fields.includes(field) ? r : { ...r, fields: [...r.fields, field] };
    const justifications = { ...r.justifications };
    delete justifications[field];
    return { ...r, fields: r.fields.filter((f) => f !== field), justifications };
  });
}

export function setJustification(draft: WizardDraft, catalogCode: string, field: string, text: string): WizardDraft {
  return updateResource(draft, catalogCode, (r) => ({ ...r, justifications: { ...r.justifications, [field]: text } }));
}

/** Ticks exactly the necessary fields (the dictionary order kept), dropping the justifications of the rest. */
export function onlyNecessary(draft: WizardDraft, catalogCode: string, necessary: readonly string[], dictionary: readonly string[]): WizardDraft {
  return updateResource(draft, catalogCode, (r) => ({
    ...r,
    fields: dictionary.filter((f) => necessary.includes(f)),
    justifications: {},
  }));
}

// ── requested against necessary, field by field ──

export type FieldVerdict = 'necessary' | 'extra' | 'notRequested' | 'requested' | 'unknown';

export interface FieldComparison {
  name: string;
  field: CatalogField | undefined;
  requested: boolean;
  /** null when the purpose's template names no necessary fields for the resource. */
  necessary: boolean | null;
  verdict: FieldVerdict;
  justification: string | undefined;
}

/**
 * Requested fields beside the necessary ones, in dictionary order (names the dictionary lacks last):
 * `necessary` asked for and needed, `extra` asked for beyond the template, `notRequested` needed but
 * not asked for, `requested` asked for where the template says nothing, `unknown` not in the dictionary.
 */
export function compareFields(dictionary: readonly CatalogField[], requested: readonly RequestedField[], necessary: readonly string[] | null): FieldComparison[] {
  const asked = new Map(requested.map((f) => [f.name, f]));
  const names = [...dictionary.map((f) => f.name), ...requested.map((f) => f.name), ...(necessary ?? [])];
  const seen = new Set<string>();
  const rows: FieldComparison[] = [];
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const field = dictionary.find((f) => f.name === name);
    const isRequested = asked.has(name);
    const isNecessary = necessary === null ? null : necessary.includes(name);
    if (!isRequested && !isNecessary) continue;
    const verdict: FieldVerdict =
      dictionary.length > 0 && !field && isRequested ? 'unknown' : isNecessary === null ? 'requested' : isRequested ? (isNecessary ? 'necessary' : 'extra') : 'notRequested';
    rows.push({ name, field, requested: isRequested, necessary: isNecessary, verdict, justification: asked.get(name)?.justification });
  }
  return rows;
}

/** Identification levels at least as protective as `current` (what a narrowing may choose). */
export function identificationAtLeast(current: IdentificationLevel): IdentificationLevel[] {
  return IDENTIFICATION_LEVELS.slice(IDENTIFICATION_LEVELS.indexOf(current));
}
