import type { Role } from '../org/index.js';

/** Roles that work with patient data in their own department. Administrators and auditors do not (三员分立). */
const DATA_ROLES: readonly Role[] = ['staff', 'dept_head'];

export interface ReaderFacts {
  roles: readonly Role[];
  departmentCode: string | null;
}

export interface ResourceFacts {
  code: string;
  ownerDepartmentCode: string | null;
  defaultLevel: number;
  specialCategory: string | null;
}

/**
 * Rule 1 of the access decision, as SQL-ready scope: which rows of a catalog resource the reader's
 * own department owns. `all` when the department owns the resource; `department` when ownership is
 * per producing department (treatment records) and only that department's rows qualify; `null` when
 * the rule gives nothing. Level-5 content is never reached by department ownership alone.
 */
export type DepartmentScope = { kind: 'all' } | { kind: 'department'; departmentCode: string } | null;

/** Whether the reader holds a role that works with patient data (staff, department head). */
export function hasDataRole(reader: Pick<ReaderFacts, 'roles'>): boolean {
  return reader.roles.some((role) => DATA_ROLES.includes(role));
}

export function departmentScope(reader: ReaderFacts, resource: ResourceFacts): DepartmentScope {
  if (!reader.departmentCode || !hasDataRole(reader)) return null;
  if (resource.defaultLevel >= 5 || resource.specialCategory) return null;
  if (resource.ownerDepartmentCode === reader.departmentCode) return { kind: 'all' };
  if (resource.ownerDepartmentCode === null) return { kind: 'department', departmentCode: reader.departmentCode };
  return null;
}
