import { consentState, type Consent, type ConsentState, type ConsentStatus, type EvidenceKind } from './consent.js';
import type { ConsentFormRow } from './tables.js';

type Label = { zh: string; en: string };
type Person = { id: string; displayName: string };

export interface ConsentView {
  id: string;
  patientId: string;
  recipient: { kind: string; id: string; name: Label | null };
  purpose: string;
  purposeLabel: Label | null;
  /** Null = every catalog resource. */
  catalogCodes: string[] | null;
  validFrom: string;
  validTo: string | null;
  status: ConsentStatus;
  /** Where the consent stands now: only `in-force` opens anything. */
  state: ConsentState;
  evidence: {
    kind: EvidenceKind;
    recordedAt: string;
    note: string | null;
    clinician: Person | null;
    form: { fileId: string; fileName: string; mediaType: string; bytes: number; sha256: string; uploadedAt: string } | null;
  };
  createdBy: Person;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawnBy: Person | null;
  withdrawalReason: string | null;
}

export interface PresentationNames {
  institutions: ReadonlyMap<string, Label>;
  users: ReadonlyMap<string, string>;
  purposes: ReadonlyMap<string, Label>;
  forms: ReadonlyMap<string, Omit<ConsentFormRow, 'content'>>;
}

/** Display names instead of bare ids, so the patient page and auditors read who and to whom. */
export function presentConsent(consent: Consent, names: PresentationNames, now: Date): ConsentView {
  const person = (id: string | null): Person | null => (id === null ? null : { id, displayName: names.users.get(id) ?? id });
  const form = consent.evidence.fileId ? names.forms.get(consent.evidence.fileId) : undefined;
  return {
    id: consent.id,
    patientId: consent.patientId,
    recipient: { kind: consent.recipientKind, id: consent.recipientId, name: names.institutions.get(consent.recipientId) ?? null },
    purpose: consent.purpose,
    purposeLabel: names.purposes.get(consent.purpose) ?? null,
    catalogCodes: consent.catalogCodes === null ? null : [...consent.catalogCodes],
    validFrom: consent.validFrom,
    validTo: consent.validTo,
    status: consent.status,
    state: consentState(consent, now),
    evidence: {
      kind: consent.evidence.kind,
      recordedAt: consent.evidence.recordedAt,
      note: consent.evidence.note,
      clinician: person(consent.evidence.clinicianId),
      form: form ? { fileId: form.id, fileName: form.file_name, mediaType: form.media_type, bytes: form.bytes, sha256: form.sha256, uploadedAt: form.uploaded_at } : null,
    },
    createdBy: person(consent.createdBy)!,
    createdAt: consent.createdAt,
    withdrawnAt: consent.withdrawnAt,
    withdrawnBy: person(consent.withdrawnBy),
    withdrawalReason: consent.withdrawalReason,
  };
}
