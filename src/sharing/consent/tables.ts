/**
 * Patient consent records (单独同意, PIPL Art. 23 and 29), migration 0020. Times are ISO-8601 UTC
 * text. A consent is in force at t when `status = 'active' and valid_from <= t and (valid_to is
 * null or valid_to > t)`: expiry is by time, never a status change, so the access-time check is
 * one indexed predicate.
 */
export interface ConsentRow {
  id: string;
  /** The records' patient id (`records.patient_id`). */
  patient_id: string;
  /** `institution` for now; a column so other recipient kinds can follow without a migration. */
  recipient_kind: string;
  /** `institutions.id`. */
  recipient_id: string;
  /** A purpose-of-use code of the `access.purposes` policy setting. */
  purpose: string;
  /**
   * Compact JSON array (`["CLIN_LAB_REPORT","CLIN_IMAGING_REPORT"]`, as JSON.stringify writes it) of
   * the catalog resource codes the consent covers; null = every resource. Codes match
   * `^[A-Z][A-Z0-9_]{2,63}$`, which the SQL check in store.ts relies on.
   */
  catalog_codes: string | null;
  valid_from: string;
  /** Null = until withdrawn. */
  valid_to: string | null;
  /** active | withdrawn */
  status: string;
  /** signed-form | verbal */
  evidence_kind: string;
  /** `consent_forms.id` of the signed form. */
  evidence_file_id: string | null;
  /** `users.id` of the clinician who took a verbal consent, or who received the signed form. */
  evidence_clinician_id: string | null;
  /** When the patient gave the consent (signed, or said so). */
  evidence_recorded_at: string;
  evidence_note: string | null;
  created_by: string;
  created_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
}

/** An uploaded signed consent form, sealed; apart from `consents` so lists never load it. */
export interface ConsentFormRow {
  id: string;
  /** The patient the form is about: it can only evidence a consent of this patient. */
  patient_id: string;
  /** The consent it evidences; null until a consent is recorded with it (then never changes). */
  consent_id: string | null;
  file_name: string;
  media_type: string;
  bytes: number;
  /** Hex SHA-256 of the plain file, so a printed copy can be matched to the stored one. */
  sha256: string;
  /** The file, sealed with envelope encryption bound to the form id; base64. */
  content: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface ConsentTables {
  consents: ConsentRow;
  consent_forms: ConsentFormRow;
}
