import type { Consent, ConsentState, EvidenceKind, RecordConsentInput, UploadedConsentForm, User } from '../../../api/types';

/** The signed form as the server takes it (its FORM_MAX_BYTES and media types); the server checks again, bytes included. */
export const FORM_LIMITS = { maxBytes: 5 * 1024 * 1024, mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'] } as const;

/** The record-consent form's values once dates are Date objects (the modal converts from its pickers). */
export interface ConsentDraft {
  recipientId: string;
  purpose: string;
  /** Empty or absent: every catalog resource. */
  catalogCodes?: string[] | undefined;
  /** A calendar day from which the consent holds; absent or today: from now. */
  validFromDay?: string | null | undefined;
  /** The last calendar day the consent holds (inclusive); absent: until withdrawn. */
  validToDay?: string | null | undefined;
  evidenceKind: EvidenceKind;
  /** Verbal: who took it; absent: the signed-in user (the server's default). */
  clinicianId?: string | null | undefined;
  /** Signed form: the upload the consent is evidenced by. */
  form?: UploadedConsentForm | null | undefined;
  recordedAt: Date;
  note?: string | undefined;
}

export const DRAFT_PROBLEMS = ['formMissing', 'periodOrder', 'recordedInFuture'] as const;
export type DraftProblem = (typeof DRAFT_PROBLEMS)[number];

/** Local midnight of a YYYY-MM-DD day, plus `days`: the console's dates are the reader's calendar days. */
function startOfDay(day: string, days = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days);
}

/** What the server would refuse, found before sending: the console words these itself. */
export function draftProblem(draft: ConsentDraft, today: string, now: Date): DraftProblem | null {
  if (draft.evidenceKind === 'signed-form' && !draft.form) return 'formMissing';
  const from = draft.validFromDay && draft.validFromDay > today ? draft.validFromDay : today;
  if (draft.validToDay && draft.validToDay < from) return 'periodOrder';
  if (draft.recordedAt.getTime() > now.getTime()) return 'recordedInFuture';
  return null;
}

/**
 * The request body. The period runs from the start of the first day (or from now, for today) to
 * the end of the last day — the server's end is exclusive, so that is the next day's midnight.
 */
export function consentBody(draft: ConsentDraft, today: string): RecordConsentInput {
  const note = draft.note?.trim();
  const recordedAt = draft.recordedAt.toISOString();
  const evidence: RecordConsentInput['evidence'] =
    draft.evidenceKind === 'signed-form'
      ? { kind: 'signed-form', fileId: draft.form?.fileId ?? '', recordedAt, ...(note ? { note } : {}) }
      : { kind: 'verbal', recordedAt, ...(draft.clinicianId ? { clinicianId: draft.clinicianId } : {}), ...(note ? { note } : {}) };
  return {
    recipientId: draft.recipientId,
    purpose: draft.purpose,
    ...(draft.catalogCodes && draft.catalogCodes.length > 0 ? { catalogCodes: [...new Set(draft.catalogCodes)] } : {}),
    ...(draft.validFromDay && draft.validFromDay > today ? { validFrom: startOfDay(draft.validFromDay).toISOString() } : {}),
    ...(draft.validToDay ? { validTo: startOfDay(draft.validToDay, 1).toISOString() } : {}),
    evidence,
  };
}

/** Only a consent that still opens (or will open) anything can be withdrawn; an expired one has nothing left to stop. */
export function isWithdrawable(consent: Pick<Consent, 'state'>): boolean {
  return consent.state === 'in-force' || consent.state === 'not-yet-valid';
}

export const STATE_COLORS: Record<ConsentState, string> = {
  'in-force': 'success',
  'not-yet-valid': 'processing',
  expired: 'default',
  withdrawn: 'error',
};

/**
 * The last day a consent holds when it ends at a local midnight (as the console records them), so
 * "until 31 Dec" is not shown as "1 Jan 00:00"; null for an end at another time, shown as is.
 */
export function lastDay(validTo: string): Date | null {
  const end = new Date(validTo);
  if (end.getHours() !== 0 || end.getMinutes() !== 0 || end.getSeconds() !== 0 || end.getMilliseconds() !== 0) return null;
  return new Date(end.getTime() - 1);
}

/** Who may take a verbal consent: the server accepts active clinicians only (staff or department heads). */
export function isClinician(user: Pick<User, 'roles' | 'status'>): boolean {
  return user.status === 'active' && user.roles.some((role) => role === 'staff' || role === 'dept_head');
}
