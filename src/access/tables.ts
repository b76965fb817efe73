/** Row shapes of migration 0007-access (grants, emergency accesses, care-team facts). */
export interface GrantRow {
  id: string;
  grantee_kind: string;
  grantee_id: string;
  catalog_code: string;
  /** JSON array of catalog field names. */
  fields: string;
  /** JSON of the patient scope (explicit list lives in grant_patients). */
  patient_scope: string;
  purpose: string;
  channel: string;
  valid_from: string;
  valid_to: string;
  status: string;
  masking_profile: string;
  share_request_id: string | null;
  reason: string | null;
  created_by: string;
  created_at: string;
  status_changed_at: string | null;
  status_changed_by: string | null;
  status_reason: string | null;
  /** The period the shared data covers, [data_from, data_to); null is open-ended (migration 0011). */
  data_from: string | null;
  data_to: string | null;
}

export interface GrantPatientRow {
  grant_id: string;
  patient_id: string;
}

export interface EmergencyAccessRow {
  id: string;
  user_id: string;
  patient_id: string;
  reason: string;
  opened_at: string;
  expires_at: string;
  closed_at: string | null;
  review_status: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
}

export interface CareTeamMemberRow {
  encounter_id: string;
  practitioner_id: string;
  patient_id: string;
  period_start: string | null;
  period_end: string | null;
}

export interface StaffPractitionerRow {
  practitioner_id: string;
  staff_key: string;
}

export interface AccessTables {
  grants: GrantRow;
  grant_patients: GrantPatientRow;
  emergency_accesses: EmergencyAccessRow;
  care_team_members: CareTeamMemberRow;
  staff_practitioners: StaffPractitionerRow;
}
