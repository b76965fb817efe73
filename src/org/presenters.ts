import type { MfaView } from './mfa-service.js';
import type { Role } from './roles.js';
import type { ApiClientRow, DepartmentRow, InstitutionRow, UserRow } from './tables.js';

export interface LocalizedName {
  zh: string;
  en: string;
}

export function presentDepartment(row: DepartmentRow) {
  return {
    id: row.id,
    code: row.code,
    name: { zh: row.name_zh, en: row.name_en },
    type: row.type,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Never exposes the password hash, lockout counters or anything else from the row. */
export function presentUser(row: UserRow, roles: readonly Role[], department: DepartmentRow | undefined, mfa: MfaView) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    departmentId: row.department_id,
    departmentName: department ? { zh: department.name_zh, en: department.name_en } : null,
    roles: [...roles],
    status: row.status,
    email: row.email,
    phone: row.phone,
    lastLoginAt: row.last_login_at,
    mfa: { ...mfa },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentInstitution(row: InstitutionRow) {
  return {
    id: row.id,
    code: row.code,
    name: { zh: row.name_zh, en: row.name_en },
    kind: row.kind,
    status: row.status,
    agreementStart: row.agreement_start,
    agreementEnd: row.agreement_end,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface PublicJwk {
  kid?: string;
  kty?: string;
  alg?: string;
}

export function presentApiClient(row: ApiClientRow) {
  const jwks = JSON.parse(row.jwks) as { keys: PublicJwk[] };
  return {
    id: row.id,
    institutionId: row.institution_id,
    clientId: row.client_id,
    name: row.name,
    status: row.status,
    keys: jwks.keys.map((key) => ({ kid: key.kid ?? null, kty: key.kty ?? null, alg: key.alg ?? null })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type DepartmentView = ReturnType<typeof presentDepartment>;
export type UserView = ReturnType<typeof presentUser>;
export type InstitutionView = ReturnType<typeof presentInstitution>;
export type ApiClientView = ReturnType<typeof presentApiClient>;
