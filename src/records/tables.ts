/**
 * Row shapes of the data repository (migration 0005-records). Every clinical, financial and
 * management record is one row holding its FHIR R4 resource; the searchable facts sit in plain
 * columns, the resource itself is encrypted from level 3 up.
 */
export interface RecordRow {
  /** The FHIR id (`Patient/<id>`), unique per resource type. */
  id: string;
  resource_type: string;
  catalog_code: string;
  /** The patient the record is about (a Patient's own id for Patient rows); null for staff and equipment. */
  patient_id: string | null;
  /** The department that produced the record (extension `urn:yixiang:extension:department`). */
  department_code: string | null;
  encounter_id: string | null;
  /** Clinically relevant date (effective, issued, period start, authored…), ISO text. */
  effective_at: string | null;
  /** Primary code as `system|code`; a blind index (`bi:…`) for level-5 records, whose very codes are sensitive. */
  code: string | null;
  category: string | null;
  status: string | null;
  level: number;
  /** HMAC of the business identifier (`system|value`): re-sending the same record updates it. */
  source_key: string;
  /** Base64 envelope when `encrypted` = 1, else the resource's JSON. */
  payload: string;
  encrypted: number;
  version_id: number;
  last_updated: string;
  created_at: string;
}

/** Exact-match lookup of patients by identifiers that must never be stored readable. */
export interface PatientIdentifierRow {
  patient_id: string;
  /** mrn, id-card, phone, name */
  kind: string;
  blind_index: string;
}

export interface RecordTables {
  records: RecordRow;
  patient_identifiers: PatientIdentifierRow;
}
