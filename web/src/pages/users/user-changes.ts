import type { Role, UpdateUserInput, User, UserStatus } from '../../api/types';
import { blankToNull } from '../../lib/format';

export interface UserFormValues {
  username: string;
  displayName: string;
  departmentId?: string | null;
  roles: Role[];
  password: string;
  status: UserStatus;
  email?: string;
  phone?: string;
}

/**
 * Only fields that really changed are sent: the server revokes a user's sessions whenever roles
 * are submitted, so echoing unchanged roles back would sign the user out for nothing.
 */
export function userChanges(original: User, values: UserFormValues): UpdateUserInput {
  const changes: UpdateUserInput = {};
  const displayName = values.displayName.trim();
  if (displayName !== original.displayName) changes.displayName = displayName;
  const departmentId = values.departmentId ?? null;
  if (departmentId !== original.departmentId) changes.departmentId = departmentId;
  const sameRoles =
    values.roles.length === original.roles.length && values.roles.every((role) => original.roles.includes(role));
  if (!sameRoles) changes.roles = values.roles;
  if (values.status !== original.status) changes.status = values.status;
  const email = blankToNull(values.email);
  if (email !== original.email) changes.email = email;
  const phone = blankToNull(values.phone);
  if (phone !== original.phone) changes.phone = phone;
  return changes;
}
