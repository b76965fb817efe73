export type DepartmentType = 'clinical' | 'medical_technical' | 'administrative';
export type InstitutionKind = 'referral_hospital' | 'partner_hospital' | 'community_health_centre';
export type UserStatus = 'active' | 'suspended' | 'disabled';

export interface DepartmentRow {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  type: DepartmentType;
  status: 'active' | 'inactive';
  created_at: string;
  updated_at: string;
}

export interface InstitutionRow {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  kind: InstitutionKind;
  status: 'active' | 'suspended' | 'terminated';
  agreement_start: string | null;
  agreement_end: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  department_id: string | null;
  status: UserStatus;
  email: string | null;
  phone: string | null;
  password_hash: string;
  password_changed_at: string;
  failed_login_count: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleRow {
  user_id: string;
  role: string;
}

export interface SessionRow {
  /** SHA-256 of the bearer/cookie token: a stolen database does not yield live sessions. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoke_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiClientRow {
  id: string;
  institution_id: string;
  client_id: string;
  name: string;
  status: 'active' | 'suspended' | 'revoked';
  jwks: string;
  created_at: string;
  updated_at: string;
}

export interface OrgTables {
  departments: DepartmentRow;
  institutions: InstitutionRow;
  users: UserRow;
  user_roles: UserRoleRow;
  sessions: SessionRow;
  api_clients: ApiClientRow;
}
