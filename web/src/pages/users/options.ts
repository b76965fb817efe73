import type { TFunction } from 'i18next';
import { ROLES, USER_STATUSES, type Department } from '../../api/types';
import { localName } from '../../lib/format';

export function roleOptions(t: TFunction) {
  return ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }));
}

export function userStatusOptions(t: TFunction) {
  return USER_STATUSES.map((status) => ({ value: status, label: t(`userStatus.${status}`) }));
}

/**
 * Inactive departments are hidden from pickers so nobody is newly assigned to them, except the one
 * a user already belongs to, which must stay visible for the form to show it.
 */
export function departmentOptions(departments: readonly Department[], language: string, keepId?: string | null) {
  return departments
    .filter((d) => d.status === 'active' || d.id === keepId)
    .map((d) => ({ value: d.id, label: localName(d.name, language) }));
}
