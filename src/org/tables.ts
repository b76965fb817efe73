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

export type MfaFactorStatus = 'pending' | 'confirmed';

/** A user's second factor (ADR 0023); the secret is a keyring envelope bound to the user id. */
export interface MfaFactorRow {
  user_id: string;
  method: 'totp';
  secret: string;
  status: MfaFactorStatus;
  created_at: string;
  confirmed_at: string | null;
  pending_expires_at: string | null;
  /** The newest TOTP time step accepted for this user: codes of that step or earlier are refused. */
  last_used_step: number | null;
}

/** A single-use recovery code, kept only as a keyed MAC. */
export interface MfaRecoveryCodeRow {
  user_id: string;
  code_mac: string;
  key_id: string;
  created_at: string;
  used_at: string | null;
}

export interface OrgTables {
  departments: DepartmentRow;
  institutions: InstitutionRow;
  users: UserRow;
  user_roles: UserRoleRow;
  sessions: SessionRow;
  api_clients: ApiClientRow;
  mfa_factors: MfaFactorRow;
  mfa_recovery_codes: MfaRecoveryCodeRow;
}
