import type { Consent, PolicySetting, ReferralInput, ReferralSettings, SharingPurpose, Urgency } from '../../api/types';

/** The referral purpose's code in `sharing.purposes`, `access.purposes` and consents. */
export const REFERRAL_PURPOSE = 'referral';

/** The server's built-in `sharing.referral`, used until the settings arrive (and if the key is malformed). */
export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  reviewSteps: ['dept_head'],
  targetMinutes: 30,
  accessDays: 14,
  lookbackMonths: 12,
  wholeHistory: ['CLIN_PATIENT', 'CLIN_DIAGNOSIS', 'CLIN_ALLERGY'],
};

function isReferralSettings(value: unknown): value is ReferralSettings {
  const v = value as Partial<ReferralSettings> | null;
  return !!v && typeof v === 'object' && typeof v.targetMinutes === 'number' && typeof v.accessDays === 'number' && typeof v.lookbackMonths === 'number' && Array.isArray(v.wholeHistory) && Array.isArray(v.reviewSteps);
}

/** Reads `sharing.referral` out of GET /policy/settings. */
export function referralSettingsFrom(items: readonly PolicySetting[]): ReferralSettings {
  const value = items.find((item) => item.key === 'sharing.referral')?.value;
  return isReferralSettings(value) ? value : DEFAULT_REFERRAL_SETTINGS;
}

/** One resource of the referral document set (转诊资料) and the fields the template sends of it. */
export interface DocumentSetEntry {
  catalogCode: string;
  fields: string[];
  /** Shared whatever its date; the others only from the look-back period. */
  wholeHistory: boolean;
}

/**
 * The document set as the server builds it: the referral template's necessary fields, for the
 * resources the catalog publishes (`published` null: not known, so every template resource).
 */
export function documentSet(template: Pick<SharingPurpose, 'necessaryFields'> | undefined, published: ReadonlySet<string> | null, settings: Pick<ReferralSettings, 'wholeHistory'>): DocumentSetEntry[] {
  return Object.entries(template?.necessaryFields ?? {})
    .filter(([code, fields]) => fields.length > 0 && (published === null || published.has(code)))
    .map(([catalogCode, fields]) => ({ catalogCode, fields: [...new Set(fields)], wholeHistory: settings.wholeHistory.includes(catalogCode) }));
}

/** What the clinician keeps of each resource: by default every field of the template. */
export type DocumentChoice = Record<string, string[]>;

export function wholeChoice(set: readonly DocumentSetEntry[]): DocumentChoice {
  return Object.fromEntries(set.map((entry) => [entry.catalogCode, [...entry.fields]]));
}

/** The fields kept of a resource, in the template's order and within it (a clinician may leave out, never add). */
function kept(entry: DocumentSetEntry, choice: DocumentChoice): string[] {
  const chosen = choice[entry.catalogCode];
  if (chosen === undefined) return [...entry.fields];
  return entry.fields.filter((field) => chosen.includes(field));
}

/** The catalog codes the referral still sends. */
export function keptResources(set: readonly DocumentSetEntry[], choice: DocumentChoice): string[] {
  return set.filter((entry) => kept(entry, choice).length > 0).map((entry) => entry.catalogCode);
}

export const CHOICE_PROBLEMS = ['nothingLeft'] as const;
export type ChoiceProblem = (typeof CHOICE_PROBLEMS)[number];

export function choiceProblem(set: readonly DocumentSetEntry[], choice: DocumentChoice): ChoiceProblem | null {
  return set.length > 0 && keptResources(set, choice).length === 0 ? 'nothingLeft' : null;
}

/**
 * The `fields` of the request: only the resources that differ from the template (`[]` leaves one
 * out); absent when the whole set goes, so the server applies the template in force.
 */
export function fieldsChoice(set: readonly DocumentSetEntry[], choice: DocumentChoice): Record<string, string[]> | undefined {
  const changed: Record<string, string[]> = {};
  for (const entry of set) {
    const fields = kept(entry, choice);
    if (fields.length !== entry.fields.length) changed[entry.catalogCode] = fields;
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}

export interface ReferralDraft {
  patientId: string;
  institutionId: string;
  urgency: Urgency;
  reason: string;
  clinicalSummary?: string | undefined;
}

export function referralBody(draft: ReferralDraft, set: readonly DocumentSetEntry[], choice: DocumentChoice): ReferralInput {
  const summary = draft.clinicalSummary?.trim();
  const fields = fieldsChoice(set, choice);
  return {
    patientId: draft.patientId,
    institutionId: draft.institutionId,
    reason: draft.reason.trim(),
    urgency: draft.urgency,
    ...(summary ? { clinicalSummary: summary } : {}),
    ...(fields ? { fields } : {}),
  };
}

/** How the patient's consents stand for a referral to one institution. */
export interface ConsentCover {
  /** Consents in force to the institution for referral. */
  inForce: Consent[];
  /** Resources of the referral no consent in force covers; the server refuses the referral while any is left. */
  uncovered: string[];
}

/**
 * The consent pre-check, before sending: the patient's separate consents to this institution for
 * referral that are in force now (as the server judged them when listing), and the resources of
 * the referral none of them covers (a consent naming no resources covers every one).
 */
export function consentCover(consents: readonly Consent[], institutionId: string, codes: readonly string[]): ConsentCover {
  const inForce = consents.filter((c) => c.state === 'in-force' && c.purpose === REFERRAL_PURPOSE && c.recipient.kind === 'institution' && c.recipient.id === institutionId);
  const covers = (code: string) => inForce.some((c) => c.catalogCodes === null || c.catalogCodes.includes(code));
  return { inForce, uncovered: codes.filter((code) => !covers(code)) };
}
