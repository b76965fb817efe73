import type {
  CreateDepartmentInput,
  Department,
  DepartmentStatus,
  DepartmentType,
  LocalizedName,
  UpdateDepartmentInput,
} from '../../api/types';

export interface DepartmentFormValues {
  code: string;
  name: LocalizedName;
  type: DepartmentType;
  status: DepartmentStatus;
}

/** Mirrors the server's schema: codes are short upper-case identifiers used in exports and reports. */
export const DEPARTMENT_CODE_PATTERN = /^[A-Z][A-Z0-9_-]{1,31}$/;

export const DEPARTMENT_FIELDS = ['code', 'name.zh', 'name.en', 'type', 'status'];

function cleanName(name: LocalizedName): LocalizedName {
  return { zh: name.zh.trim(), en: name.en.trim() };
}

/** New departments start active on the server, so the status field is not part of creation. */
export function newDepartment(values: DepartmentFormValues): CreateDepartmentInput {
  return { code: values.code.trim(), name: cleanName(values.name), type: values.type };
}

/** Only what changed is sent, so the audit trail records what the administrator actually edited. */
export function departmentChanges(original: Department, values: DepartmentFormValues): UpdateDepartmentInput {
  const changes: UpdateDepartmentInput = {};
  const name = cleanName(values.name);
  if (name.zh !== original.name.zh || name.en !== original.name.en) changes.name = name;
  if (values.type !== original.type) changes.type = values.type;
  if (values.status !== original.status) changes.status = values.status;
  return changes;
}
