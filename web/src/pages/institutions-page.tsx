import { ApiOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { institutionsApi } from '../api/endpoints';
import { INSTITUTION_KINDS, INSTITUTION_STATUSES, type Institution } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { InstitutionStatusTag } from '../components/tags';
import { localName } from '../lib/format';
import { hospitalToday } from './institutions/agreement';
import { AgreementPeriod } from './institutions/agreement-tag';
import { ApiClientsDrawer } from './institutions/api-clients-drawer';
import { InstitutionFormModal } from './institutions/institution-form-modal';

export default function InstitutionsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const canWrite = can('institution:write');
  const canSeeClients = can('apiclient:read');
  const [institutions, setInstitutions] = useState<Institution[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState<{ institution?: Institution } | undefined>();
  const [clientsOf, setClientsOf] = useState<Institution>();
  const today = hospitalToday(new Date());

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const { items } = await institutionsApi.list();
      setInstitutions(items);
      // The drawer shows the institution as saved, after an edit made from it.
      setClientsOf((open) => (open ? (items.find((i) => i.id === open.id) ?? open) : open));
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableColumnsType<Institution> = [
    { title: t('institution.code'), dataIndex: 'code', key: 'code', sorter: (a, b) => a.code.localeCompare(b.code) },
    { title: t('institution.name'), key: 'name', render: (_, i) => localName(i.name, i18n.language) },
    {
      title: t('institution.kind'),
      key: 'kind',
      render: (_, i) => t(`institutionKind.${i.kind}`),
      filters: INSTITUTION_KINDS.map((kind) => ({ text: t(`institutionKind.${kind}`), value: kind })),
      onFilter: (value, i) => i.kind === value,
    },
    {
      title: t('institution.status'),
      key: 'status',
      render: (_, i) => <InstitutionStatusTag status={i.status} />,
      filters: INSTITUTION_STATUSES.map((status) => ({ text: t(`institutionStatus.${status}`), value: status })),
      onFilter: (value, i) => i.status === value,
    },
    {
      title: t('institution.agreement'),
      key: 'agreement',
      render: (_, i) => <AgreementPeriod institution={i} today={today} />,
    },
    {
      title: t('institution.contact'),
      key: 'contact',
      render: (_, i) => [i.contactName, i.contactPhone].filter(Boolean).join(' · ') || '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, institution) => (
        <Space size="small">
          {canWrite && (
            <Button type="link" size="small" onClick={() => setEditing({ institution })} data-testid={`institution-edit-${institution.code}`}>
              {t('common.edit')}
            </Button>
          )}
          {canSeeClients && (
            <Button
              type="link"
              size="small"
              icon={<ApiOutlined />}
              onClick={() => setClientsOf(institution)}
              data-testid={`institution-clients-${institution.code}`}
            >
              {t('institution.clients')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('institution.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="institutions-create">
              {t('institution.create')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <div data-testid="institutions-table">
        <Table<Institution>
          rowKey="id"
          columns={columns}
          dataSource={institutions}
          loading={loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 900 }}
          locale={{ emptyText: t('institution.empty') }}
        />
      </div>
      <InstitutionFormModal
        open={editing !== undefined}
        institution={editing?.institution}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          void load();
        }}
      />
      <ApiClientsDrawer
        institution={clientsOf}
        onClose={() => setClientsOf(undefined)}
        onInstitutionSaved={() => void load()}
      />
    </Card>
  );
}
