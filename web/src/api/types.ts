export const ROLES = ['system_admin', 'info_admin', 'dept_head', 'staff', 'auditor', 'privacy_officer'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['active', 'suspended', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface LocalizedName {
  zh: string;
  en: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: LocalizedName | null;
  roles: Role[];
  status: UserStatus;
  email: string | null;
  phone: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Me {
  user: User;
  permissions: string[];
}

export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  user: User;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface ItemList<T> {
  items: T[];
}

export interface UserQuery {
  q?: string;
  departmentId?: string;
  status?: UserStatus;
  role?: Role;
  limit?: number;
  cursor?: string;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  departmentId: string | null;
  roles: Role[];
  password: string;
  email?: string;
  phone?: string;
}

export interface UpdateUserInput {
  displayName?: string;
  departmentId?: string | null;
  roles?: Role[];
  status?: UserStatus;
  email?: string | null;
  phone?: string | null;
}

export const DEPARTMENT_TYPES = ['clinical', 'medical_technical', 'administrative'] as const;
export type DepartmentType = (typeof DEPARTMENT_TYPES)[number];

export const DEPARTMENT_STATUSES = ['active', 'inactive'] as const;
export type DepartmentStatus = (typeof DEPARTMENT_STATUSES)[number];

export interface Department {
  id: string;
  code: string;
  name: LocalizedName;
  type: DepartmentType;
  status: DepartmentStatus;
  createdAt: string;
  updatedAt: string;
}

export interface CreateDepartmentInput {
  code: string;
  name: LocalizedName;
  type: DepartmentType;
}

export interface UpdateDepartmentInput {
  name?: LocalizedName;
  type?: DepartmentType;
  status?: DepartmentStatus;
}

export const INSTITUTION_KINDS = ['referral_hospital', 'partner_hospital', 'community_health_centre'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const INSTITUTION_STATUSES = ['active', 'suspended', 'terminated'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

export interface Institution {
  id: string;
  code: string;
  name: LocalizedName;
  kind: InstitutionKind;
  status: InstitutionStatus;
  agreementStart: string | null;
  agreementEnd: string | null;
  contactName: string | null;
  contactPhone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateInstitutionInput {
  code: string;
  name: LocalizedName;
  kind: InstitutionKind;
  agreementStart?: string | null;
  agreementEnd?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

/** The code is the institution's identity towards partners and cannot change; status can only be set after creation. */
export type UpdateInstitutionInput = Partial<Omit<CreateInstitutionInput, 'code'>> & { status?: InstitutionStatus };

export const API_CLIENT_STATUSES = ['active', 'suspended', 'revoked'] as const;
export type ApiClientStatus = (typeof API_CLIENT_STATUSES)[number];

export interface ApiClientKey {
  kid: string | null;
  kty: string | null;
  alg: string | null;
}

export interface ApiClient {
  id: string;
  institutionId: string;
  clientId: string;
  name: string;
  status: ApiClientStatus;
  keys: ApiClientKey[];
  createdAt: string;
  updatedAt: string;
}

export interface RegisterApiClientInput {
  name: string;
  jwks?: object;
  publicKeyPem?: string;
}

/** The actions the server records; the list mirrors the server's audit schema. */
export const AUDIT_ACTIONS = [
  'login',
  'logout',
  'login_failed',
  'read',
  'search',
  'create',
  'update',
  'delete',
  'export',
  'decision',
  'grant',
  'revoke',
  'emergency_access',
  'setting_change',
  'key_operation',
  'system',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'denied', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_ACTOR_TYPES = ['user', 'api_client', 'system', 'anonymous'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export interface AuditActor {
  /** One of AUDIT_ACTOR_TYPES; typed as string because the log outlives any one version of the list. */
  type: string;
  id: string | null;
  /** Username or client id at the time of the event, kept even if the account is renamed later. */
  name: string | null;
  roles: string[];
  departmentId: string | null;
}

export interface AuditEntry {
  seq: number;
  recordedAt: string;
  actor: AuditActor;
  action: string;
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  purposeOfUse: string | null;
  grantId: string | null;
  accessBasis: string | null;
  outcome: string;
  reason: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** A signed tree head of the audit log's Merkle tree; hashes are lowercase hex, the signature base64. */
export interface Checkpoint {
  treeSize: number;
  rootHash: string;
  hashAlgorithm: string;
  signedAt: string;
  keyId: string;
  signatureAlgorithm: string;
  signature: string;
}

/** RFC 9162 inclusion proof of one entry against `checkpoint`; `hashes` is the audit path, leaf side first. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  hashes: string[];
  checkpoint: Checkpoint;
}

export interface AuditEntryWithProof {
  entry: AuditEntry;
  proof: InclusionProof;
}

/** Keyset page of the audit API: `nextCursor` is the number to pass as `cursor` for the next (older) page. */
export interface SeqPage<T> {
  items: T[];
  nextCursor: number | null;
}

export interface AuditEventQuery {
  /** ISO date-time, inclusive. */
  from?: string;
  /** ISO date-time, exclusive. */
  to?: string;
  /** User id or username. */
  actor?: string;
  /** Department id of the actor. */
  department?: string;
  patient?: string;
  action?: AuditAction;
  outcome?: AuditOutcome;
  grant?: string;
  objectType?: string;
  objectId?: string;
  limit?: number;
  cursor?: number;
}

export interface CheckpointQuery {
  limit?: number;
  cursor?: number;
}

export const AUDIT_EXPORT_FORMATS = ['ndjson', 'fhir', 'syslog'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];
