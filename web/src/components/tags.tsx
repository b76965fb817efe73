import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiClientStatus, DepartmentStatus, InstitutionStatus, Role, UserStatus } from '../api/types';

const ROLE_COLORS: Record<Role, string> = {
  system_admin: 'volcano',
  info_admin: 'blue',
  dept_head: 'purple',
  staff: 'default',
  auditor: 'gold',
  privacy_officer: 'cyan',
};

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((role) => (
        <Tag key={role} color={ROLE_COLORS[role]}>
          {t(`role.${role}`)}
        </Tag>
      ))}
    </>
  );
}

const STATUS_COLORS: Record<string, string> = {
  active: 'success',
  suspended: 'warning',
  disabled: 'default',
  inactive: 'default',
  terminated: 'default',
  revoked: 'error',
};

export function UserStatusTag({ status }: { status: UserStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`userStatus.${status}`)}</Tag>;
}

export function DepartmentStatusTag({ status }: { status: DepartmentStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`departmentStatus.${status}`)}</Tag>;
}

export function InstitutionStatusTag({ status }: { status: InstitutionStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`institutionStatus.${status}`)}</Tag>;
}

export function ApiClientStatusTag({ status }: { status: ApiClientStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`apiClientStatus.${status}`)}</Tag>;
}
