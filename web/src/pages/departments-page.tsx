import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEPARTMENT_STATUSES, DEPARTMENT_TYPES, type Department } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { DepartmentStatusTag } from '../components/tags';
import { formatDateTime } from '../lib/format';
import { useDepartments } from '../lib/use-departments';
import { DepartmentFormModal } from './departments/department-form-modal';

export default function DepartmentsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const canWrite = can('department:write');
  const { departments, loading, error, reload } = useDepartments();
  const [editing, setEditing] = useState<{ department?: Department } | undefined>();

  const columns: TableColumnsType<Department> = [
    { title: t('department.code'), dataIndex: 'code', key: 'code', sorter: (a, b) => a.code.localeCompare(b.code) },
    { title: t('department.nameZh'), key: 'nameZh', render: (_, d) => <span lang="zh-CN">{d.name.zh}</span> },
    { title: t('department.nameEn'), key: 'nameEn', render: (_, d) => <span lang="en">{d.name.en}</span> },
    {
      title: t('department.type'),
      key: 'type',
      render: (_, d) => t(`departmentType.${d.type}`),
      filters: DEPARTMENT_TYPES.map((type) => ({ text: t(`departmentType.${type}`), value: type })),
      onFilter: (value, d) => d.type === value,
    },
    {
      title: t('department.status'),
      key: 'status',
      render: (_, d) => <DepartmentStatusTag status={d.status} />,
      filters: DEPARTMENT_STATUSES.map((status) => ({ text: t(`departmentStatus.${status}`), value: status })),
      onFilter: (value, d) => d.status === value,
    },
    { title: t('common.updatedAt'), key: 'updatedAt', render: (_, d) => formatDateTime(d.updatedAt, i18n.language) },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, department: Department) => (
              <Button type="link" size="small" onClick={() => setEditing({ department })} data-testid={`department-edit-${department.code}`}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('department.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="departments-create">
              {t('department.create')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <div data-testid="departments-table">
        <Table<Department>
          rowKey="id"
          columns={columns}
          dataSource={departments}
          loading={loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 800 }}
          locale={{ emptyText: t('department.empty') }}
        />
      </div>
      <DepartmentFormModal
        open={editing !== undefined}
        department={editing?.department}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          void reload();
        }}
      />
    </Card>
  );
}
