import {
  FIELD_TYPES,
  GB_CATEGORIES,
  IDENTIFIER_KINDS,
  POLICY_CATEGORIES,
  RESOURCE_STATUSES,
  SENSITIVITY_LEVELS,
  SHARE_TYPES,
  SPECIAL_CATEGORIES,
  UPDATE_FREQUENCIES,
  type CodingMatch,
  type Department,
  type FieldType,
  type GbCategory,
  type IdentifierKind,
  type PolicyCategory,
  type ResourceStatus,
  type Role,
  type SensitivityLevel,
  type ShareType,
  type SpecialCategory,
  type UpdateFrequency,
} from '../../api/types';

function member<T extends string | number>(list: readonly T[]) {
  return (value: unknown): value is T => (list as readonly unknown[]).includes(value);
}

// Summaries carry plain strings: a value this console does not know is shown as the server sent it.
export const isPolicyCategory = member<PolicyCategory>(POLICY_CATEGORIES);
export const isGbCategory = member<GbCategory>(GB_CATEGORIES);
export const isShareType = member<ShareType>(SHARE_TYPES);
export const isLevel = member<SensitivityLevel>(SENSITIVITY_LEVELS);
export const isIdentifierKind = member<IdentifierKind>(IDENTIFIER_KINDS);
export const isFieldType = member<FieldType>(FIELD_TYPES);
export const isUpdateFrequency = member<UpdateFrequency>(UPDATE_FREQUENCIES);
export const isResourceStatus = member<ResourceStatus>(RESOURCE_STATUSES);
export const isSpecialCategory = member<SpecialCategory>(SPECIAL_CATEGORIES);

/** Sensitivity as a colour scale, green (public) through red (level 5, special categories). */
const LEVEL_COLORS: Record<SensitivityLevel, string> = { 1: 'green', 2: 'cyan', 3: 'gold', 4: 'orange', 5: 'red' };

export function levelColor(level: number): string {
  return isLevel(level) ? LEVEL_COLORS[level] : 'default';
}

const SHARE_TYPE_COLORS: Record<ShareType, string> = { unconditional: 'green', conditional: 'blue', not_shareable: 'volcano' };

export function shareTypeColor(shareType: string): string {
  return isShareType(shareType) ? SHARE_TYPE_COLORS[shareType] : 'default';
}

const IDENTIFIER_COLORS: Record<IdentifierKind, string> = { direct: 'red', quasi: 'orange', none: 'default' };

export function identifierKindColor(kind: string): string {
  return isIdentifierKind(kind) ? IDENTIFIER_COLORS[kind] : 'default';
}

const STATUS_COLORS: Record<ResourceStatus, string> = { draft: 'default', published: 'success', retired: 'warning' };

export function resourceStatusColor(status: string): string {
  return isResourceStatus(status) ? STATUS_COLORS[status] : 'default';
}

/** The department that owns a resource, by its code; the code itself when the department is unknown. */
export function findDepartmentByCode(departments: readonly Department[], code: string | null | undefined): Department | undefined {
  return code ? departments.find((d) => d.code === code) : undefined;
}

/**
 * Whether to offer the edit button to someone who holds catalog:write. The server decides in the
 * end; this only spares a department head a form the server would refuse: they edit their own
 * department's resources, the information administrator edits all of them.
 */
export function canEditResource(
  user: { roles: readonly Role[]; departmentId: string | null },
  departments: readonly Department[],
  ownerDepartmentCode: string | null,
): boolean {
  if (user.roles.includes('info_admin')) return true;
  if (!ownerDepartmentCode || !user.departmentId) return false;
  return departments.some((d) => d.id === user.departmentId && d.code === ownerDepartmentCode);
}

/** The department code a non-administrator creates resources for, if they have one. */
export function ownDepartmentCode(user: { departmentId: string | null }, departments: readonly Department[]): string | undefined {
  return departments.find((d) => d.id === user.departmentId)?.code;
}

/** `system|code` for a coding; `display` is shown beside it where there is room. */
export function codingKey(coding: CodingMatch): string {
  return `${coding.system}|${coding.code}`;
}

/** The union of a field's FHIRPath branches, one per line (`A.x | B.x`). */
export function fhirPathBranches(path: string): string[] {
  return path
    .split('|')
    .map((branch) => branch.trim())
    .filter((branch) => branch.length > 0);
}
