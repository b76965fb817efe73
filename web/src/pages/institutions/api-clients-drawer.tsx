import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { institutionsApi } from '../../api/endpoints';
import type { ApiClient, ApiClientStatus, Institution } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert, useErrorText } from '../../components/errors';
import { ApiClientStatusTag, InstitutionStatusTag } from '../../components/tags';
import { formatDateTime, localName } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { connectionBlocker, hospitalToday } from './agreement';
import { AgreementPeriod } from './agreement-tag';
import { ClientActions, ClientKeys } from './client-parts';
import { ConnectionGuide } from './connection-guide';
import { InstitutionFormModal } from './institution-form-modal';
import { RegisterClientModal } from './register-client-modal';

const dataStatus = (status: ApiClientStatus): Record<string, string> => ({ 'data-status': status });

/** The institution as partners' systems depend on it: status, agreement, contact, and whether its clients can connect today. */
function InstitutionSummary({ institution, onEdit }: { institution: Institution; onEdit: (() => void) | undefined }) {
  const { t } = useTranslation();
  const today = hospitalToday(new Date());
  const blocker = connectionBlocker(institution, today);
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        data-testid="institution-summary"
        extra={
          onEdit && (
            <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="institution-summary-edit">
              {t('common.edit')}
            </Button>
          )
        }
        styles={{ label: { whiteSpace: 'nowrap' } }}
      >
        <Descriptions.Item label={t('institution.code')}>{institution.code}</Descriptions.Item>
        <Descriptions.Item label={t('institution.kind')}>{t(`institutionKind.${institution.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('institution.status')}>
          <InstitutionStatusTag status={institution.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('institution.agreement')}>
          <AgreementPeriod institution={institution} today={today} />
        </Descriptions.Item>
        <Descriptions.Item label={t('institution.contact')}>
          {[institution.contactName, institution.contactPhone].filter(Boolean).join(' · ') || '—'}
        </Descriptions.Item>
      </Descriptions>
      {blocker && <Alert type="warning" showIcon title={t(`apiClient.blocked.${blocker}`)} data-testid="clients-blocked" data-blocker={blocker} />}
    </>
  );
}

export function ApiClientsDrawer({
  institution,
  onClose,
  onInstitutionSaved,
}: {
  institution: Institution | undefined;
  onClose: () => void;
  /** After the institution (status, agreement dates) was edited from the drawer. */
  onInstitutionSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { can } = useSession();
  const canRead = can('apiclient:read');
  const canWrite = can('apiclient:write');
  const canEdit = can('institution:write');
  const [editing, setEditing] = useState(false);
  const [clients, setClients] = useState<ApiClient[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [registering, setRegistering] = useState(false);
  const [busy, setBusy] = useState<string>();
  const institutionId = institution?.id;

  const load = useCallback(async () => {
    if (!institutionId || !canRead) return;
    setLoading(true);
    try {
      setClients((await institutionsApi.listClients(institutionId)).items);
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }, [institutionId, canRead]);

  useEffect(() => {
    setClients([]);
    void load();
  }, [load]);

  const setStatus = async (client: ApiClient, status: ApiClientStatus) => {
    if (!institutionId) return;
    setBusy(client.clientId);
    try {
      await institutionsApi.setClientStatus(institutionId, client.clientId, status);
      void message.success(t(`apiClient.changed.${status}`, { name: client.name }));
      await load();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(undefined);
    }
  };

  const columns: TableColumnsType<ApiClient> = [
    { title: t('apiClient.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('apiClient.clientId'),
      key: 'clientId',
      render: (_, c) => (
        <Typography.Text code copyable={{ text: c.clientId }} data-testid="client-id">
          {c.clientId}
        </Typography.Text>
      ),
    },
    { title: t('apiClient.keys'), key: 'keys', render: (_, c) => <ClientKeys keys={c.keys} /> },
    { title: t('apiClient.status'), key: 'status', render: (_, c) => <ApiClientStatusTag status={c.status} /> },
    {
      title: t('apiClient.registeredAt'),
      key: 'createdAt',
      render: (_, c) => (
        <>
          <div>{formatDateTime(c.createdAt, i18n.language)}</div>
          {c.updatedAt !== c.createdAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('apiClient.changedAt', { at: formatDateTime(c.updatedAt, i18n.language) })}
            </Typography.Text>
          )}
        </>
      ),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, c: ApiClient) => <ClientActions client={c} busy={busy === c.clientId} onStatus={(status) => setStatus(c, status)} />,
          },
        ]
      : []),
  ];

  return (
    <Drawer
      open={institution !== undefined}
      onClose={onClose}
      size={860}
      title={institution ? t('apiClient.title', { name: localName(institution.name, i18n.language) }) : ''}
      extra={
        canWrite && institution ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="clients-register">
            {t('apiClient.register')}
          </Button>
        ) : undefined
      }
    >
      {institution && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <InstitutionSummary institution={institution} onEdit={canEdit ? () => setEditing(true) : undefined} />
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('apiClient.intro')}
          </Typography.Paragraph>
          {!canRead ? (
            <Typography.Text type="secondary">{t('apiClient.noPermission')}</Typography.Text>
          ) : (
            <>
              <ErrorAlert error={error} />
              <Table<ApiClient>
                rowKey="id"
                columns={columns}
                dataSource={clients}
                loading={loading}
                pagination={false}
                size="small"
                scroll={{ x: 760 }}
                locale={{ emptyText: t('apiClient.empty') }}
                onRow={(c) => ({ ...testId(`client-row-${c.clientId}`), ...dataStatus(c.status) })}
                data-testid="clients-table"
              />
              <ConnectionGuide />
            </>
          )}
        </Space>
      )}
      {institution && canEdit && (
        // Inside the drawer, so it stacks above it.
        <InstitutionFormModal
          open={editing}
          institution={institution}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onInstitutionSaved();
          }}
        />
      )}
      {institution && (
        <RegisterClientModal
          institution={institution}
          open={registering}
          onClose={() => setRegistering(false)}
          onRegistered={() => void load()}
        />
      )}
    </Drawer>
  );
}
