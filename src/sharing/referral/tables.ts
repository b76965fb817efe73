/**
 * Referrals (转诊), migration 0022. Times are ISO-8601 UTC text. Clinical content (the reason and
 * summary a clinician writes, the ServiceRequest a partner sends, its attachments, the receiving
 * department's answer) is sealed with envelope encryption; the columns in the clear are what lists
 * and access checks need.
 */
export interface ReferralRow {
  id: string;
  /** The share request filed on the partner's behalf; its state is the referral's state. */
  share_request_id: string;
  patient_id: string;
  /** `institutions.id` of the partner hospital the patient is referred to. */
  institution_id: string;
  referrer_id: string;
  referrer_department_id: string | null;
  /** routine | urgent */
  urgency: string;
  /** Sealed JSON `{ reason }`, bound to the referral and its patient. */
  summary: string;
  created_at: string;
}

/** A referral a partner sent us as a FHIR ServiceRequest. */
export interface InboundReferralRow {
  id: string;
  /** The sending institution: the only one that may read it back over FHIR. */
  institution_id: string;
  api_client_id: string;
  /** The receiving department (`departments.id`), whose staff decide it. */
  department_id: string;
  /** Our patient when the identifiers matched exactly one (by blind index); null when unmatched. */
  patient_id: string | null;
  /** mrn | id-card | mrn+id-card, or null when unmatched. */
  matched_by: string | null;
  /** order | proposal */
  intent: string;
  /** routine | urgent | asap | stat, or null when not given. */
  priority: string | null;
  /** received | accepted | declined */
  status: string;
  /** Sealed JSON of the stored ServiceRequest (attachment bytes stored apart). */
  resource: string;
  received_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** Sealed decision reason; the partner reads it as a note. */
  decision_reason: string | null;
}

export interface InboundReferralAttachmentRow {
  referral_id: string;
  /** 0-based, in the order of `supportingInfo`. */
  position: number;
  content_type: string;
  bytes: number;
  /** Hex SHA-256 of the plain bytes. */
  sha256: string;
  /** The bytes, sealed, bound to the referral and the position; base64. */
  content: string;
}

export interface ReferralTables {
  referrals: ReferralRow;
  inbound_referrals: InboundReferralRow;
  inbound_referral_attachments: InboundReferralAttachmentRow;
}
