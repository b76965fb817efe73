import { KeyOutlined, PlusOutlined, ReloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../api/endpoints';
import type { Role, User, UserStatus } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { RoleTags, UserStatusTag } from '../components/tags';
import { formatDateTime, localName } from '../lib/format';
import { useDepartments } from '../lib/use-departments';
import { useLoad } from '../lib/use-load';
import { departmentOptions, roleOptions, userStatusOptions } from './users/options';
import { ResetMfaModal } from './users/reset-mfa-modal';
import { ResetPasswordModal } from './users/reset-password-modal';
import { UserFormModal } from './users/user-form-modal';

interface Filters {
  q?: string;
  departmentId?: string;
  status?: UserStatus;
  role?: Role;
}

const PAGE_SIZES = [10, 20, 50, 100];

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const { can, me, reload: reloadSession } = useSession();
  const canWrite = can('user:write');
  const { departments } = useDepartments();
  const [filters, setFilters] = useState<Filters>({});
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(20);
  // Cursors of the pages before the current one; the API pages forward only, so "previous" pops.
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<{ items: User[]; nextCursor: string | null; total: number }>();
  const [refreshTick, setRefreshTick] = useState(0);
  const [editing, setEditing] = useState<{ user?: User } | undefined>();
  const [resetting, setResetting] = useState<User | undefined>();
  const [resettingMfa, setResettingMfa] = useState<User | undefined>();

  const cursor = cursors[cursors.length - 1];

  const { loading, error } = useLoad(
    (signal) => usersApi.list({ ...filters, limit, ...(cursor ? { cursor } : {}) }, signal),
    (result) => setPage(result),
    [filters, limit, cursor, refreshTick],
  );

  const applyFilters = useCallback((next: Filters) => {
    setFilters(next);
    setCursors([]);
  }, []);

  const refresh = () => setRefreshTick((n) => n + 1);

  const onSaved = (saved: User) => {
    setEditing(undefined);
    refresh();
    // Editing oneself can change one's own permissions and thus the menu.
    if (saved.id === me?.user.id) void reloadSession();
  };

  const columns: TableColumnsType<User> = [
    { title: t('user.username'), dataIndex: 'username', key: 'username' },
    { title: t('user.displayName'), dataIndex: 'displayName', key: 'displayName' },
    {
      title: t('user.department'),
      key: 'department',
      render: (_, user) => localName(user.departmentName, i18n.language) || '—',
    },
    { title: t('user.roles'), key: 'roles', render: (_, user) => <RoleTags roles={user.roles} /> },
    { title: t('user.status'), key: 'status', render: (_, user) => <UserStatusTag status={user.status} /> },
    {
      title: t('user.mfa'),
      key: 'mfa',
      render: (_, user) =>
        user.mfa?.enrolled ? (
          <Tag color="green" data-testid={`user-mfa-${user.username}`}>{t('user.mfaOn')}</Tag>
        ) : (
          // Required by policy but not set up yet: the user can sign in only to enrol.
          <Tag color={user.mfa?.required ? 'orange' : 'default'} data-testid={`user-mfa-${user.username}`}>
            {user.mfa?.required ? t('user.mfaMissing') : t('user.mfaOff')}
          </Tag>
        ),
    },
    {
      title: t('user.lastLoginAt'),
      key: 'lastLoginAt',
      render: (_, user) =>
        user.lastLoginAt ? formatDateTime(user.lastLoginAt, i18n.language) : <Typography.Text type="secondary">{t('user.never')}</Typography.Text>,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, user: User) => (
              <Space size="small">
                <Button type="link" size="small" onClick={() => setEditing({ user })} data-testid={`user-edit-${user.username}`}>
                  {t('common.edit')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  icon={<KeyOutlined />}
                  onClick={() => setResetting(user)}
                  data-testid={`user-reset-${user.username}`}
                >
                  {t('user.resetPassword')}
                </Button>
                {user.mfa?.enrolled && (
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<SafetyOutlined />}
                    onClick={() => setResettingMfa(user)}
                    data-testid="user-mfa-reset"
                    data-username={user.username}
                  >
                    {t('user.mfaReset')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('user.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t('common.refresh')} />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="users-create">
              {t('user.create')}
            </Button>
          )}
        </Space>
      }
    >
      <div className="yx-toolbar">
        <Input.Search
          allowClear
          placeholder={t('user.searchPlaceholder')}
          aria-label={t('user.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(value) => applyFilters({ ...filters, q: value.trim() || undefined })}
          style={{ width: 260 }}
          data-testid="users-search"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('user.filterDepartment')}
          aria-label={t('user.filterDepartment')}
          options={departmentOptions(departments, i18n.language, filters.departmentId)}
          value={filters.departmentId}
          onChange={(departmentId?: string) => applyFilters({ ...filters, departmentId })}
          style={{ width: 200 }}
          data-testid="users-filter-department"
        />
        <Select
          allowClear
          placeholder={t('user.filterStatus')}
          aria-label={t('user.filterStatus')}
          options={userStatusOptions(t)}
          value={filters.status}
          onChange={(status?: UserStatus) => applyFilters({ ...filters, status })}
          style={{ width: 160 }}
          data-testid="users-filter-status"
        />
        <Select
          allowClear
          placeholder={t('user.filterRole')}
          aria-label={t('user.filterRole')}
          options={roleOptions(t)}
          value={filters.role}
          onChange={(role?: Role) => applyFilters({ ...filters, role })}
          style={{ width: 200 }}
          data-testid="users-filter-role"
        />
      </div>
      <ErrorAlert error={error} />
      <div data-testid="users-table">
        <Table<User>
          rowKey="id"
          columns={columns}
          dataSource={page?.items ?? []}
          loading={loading}
          pagination={false}
          size="middle"
          scroll={{ x: 900 }}
          locale={{ emptyText: t('user.empty') }}
        />
      </div>
      <div className="yx-pager">
        <Typography.Text type="secondary" data-testid="users-total">
          {t('common.total', { count: page?.total ?? 0 })}
        </Typography.Text>
        <Select
          value={limit}
          onChange={(value: number) => {
            setLimit(value);
            setCursors([]);
          }}
          options={PAGE_SIZES.map((size) => ({ value: size, label: t('common.pageSize', { size }) }))}
          aria-label={t('common.pageSize', { size: limit })}
          style={{ width: 130 }}
        />
        <Button disabled={cursors.length === 0 || loading} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="users-prev">
          {t('common.prevPage')}
        </Button>
        <Typography.Text>{cursors.length + 1}</Typography.Text>
        <Button
          disabled={!page?.nextCursor || loading}
          onClick={() => {
            const next = page?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
          data-testid="users-next"
        >
          {t('common.nextPage')}
        </Button>
      </div>
      <UserFormModal
        open={editing !== undefined}
        user={editing?.user}
        departments={departments}
        onClose={() => setEditing(undefined)}
        onSaved={onSaved}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(undefined)} />
      <ResetMfaModal
        user={resettingMfa}
        onClose={() => setResettingMfa(undefined)}
        onReset={(user) => {
          setResettingMfa(undefined);
          refresh();
          if (user.id === me?.user.id) void reloadSession();
        }}
      />
    </Card>
  );
}
