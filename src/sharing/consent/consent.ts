/**
 * A patient's separate consent (单独同意, PIPL Art. 23 and 29) to one recipient, for one purpose,
 * over some catalog resources, for a period — and the pure rules over it. The SQL twin of
 * `consentCovers` is `consentInForceExists` in store.ts; the two must agree.
 */
export const CONSENT_STATUSES = ['active', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const EVIDENCE_KINDS = ['signed-form', 'verbal'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Only institutions for now; the column is there for other kinds of recipient later. */
export const RECIPIENT_KINDS = ['institution'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** Where a consent stands at a moment: only `in-force` opens anything. */
export type ConsentState = 'in-force' | 'not-yet-valid' | 'expired' | 'withdrawn';

/** What decides whether a consent covers a disclosure. */
export interface ConsentTerms {
  patientId: string;
  recipientKind: RecipientKind;
  recipientId: string;
  purpose: string;
  /** Catalog resource codes covered; null = every resource. */
  catalogCodes: readonly string[] | null;
  validFrom: string;
  validTo: string | null;
  status: ConsentStatus;
}

export interface ConsentEvidence {
  kind: EvidenceKind;
  fileId: string | null;
  clinicianId: string | null;
  recordedAt: string;
  note: string | null;
}

export interface Consent extends ConsentTerms {
  id: string;
  evidence: ConsentEvidence;
  createdBy: string;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawalReason: string | null;
}

/** The disclosure a consent is asked about: to whom, why, which resource, when. */
export interface Disclosure {
  recipientId: string;
  purpose: string;
  catalogCode: string;
  at: string | Date;
}

const time = (value: string | Date): number => (typeof value === 'string' ? Date.parse(value) : value.getTime());

export function consentState(consent: Pick<ConsentTerms, 'status' | 'validFrom' | 'validTo'>, at: string | Date): ConsentState {
  if (consent.status === 'withdrawn') return 'withdrawn';
  const t = time(at);
  if (time(consent.validFrom) > t) return 'not-yet-valid';
  if (consent.validTo !== null && time(consent.validTo) <= t) return 'expired';
  return 'in-force';
}

/**
 * In force at `at` (active, valid_from <= at < valid_to) and naming this recipient institution,
 * this purpose exactly, and this catalog resource (or every resource).
 */
export function consentCovers(consent: ConsentTerms, disclosure: Disclosure): boolean {
  if (consent.recipientKind !== 'institution' || consent.recipientId !== disclosure.recipientId) return false;
  if (consent.purpose !== disclosure.purpose) return false;
  if (consent.catalogCodes !== null && !consent.catalogCodes.includes(disclosure.catalogCode)) return false;
  return consentState(consent, disclosure.at) === 'in-force';
}
