export interface PolicySettingRow {
  key: string;
  version: number;
  /** JSON text of the value. */
  value: string;
  effective_from: string;
  changed_by: string | null;
  changed_at: string;
  note: string | null;
}

export interface PolicyTables {
  policy_settings: PolicySettingRow;
}
