import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { institutionsApi } from '../../api/endpoints';
import type { ApiClient, ApiClientStatus, Institution } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert, useErrorText } from '../../components/errors';
import { ApiClientStatusTag } from '../../components/tags';
import { formatDateTime, localName } from '../../lib/format';
import { RegisterClientModal } from './register-client-modal';

export function ApiClientsDrawer({ institution, onClose }: { institution: Institution | undefined; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { can } = useSession();
  const canRead = can('apiclient:read');
  const canWrite = can('apiclient:write');
  const [clients, setClients] = useState<ApiClient[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [registering, setRegistering] = useState(false);
  const [busy, setBusy] = useState<string>();

  const load = useCallback(async () => {
    if (!institution || !canRead) return;
    setLoading(true);
    try {
      setClients((await institutionsApi.listClients(institution.id)).items);
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }, [institution, canRead]);

  useEffect(() => {
    setClients([]);
    void load();
  }, [load]);

  const setStatus = async (client: ApiClient, status: ApiClientStatus) => {
    if (!institution) return;
    setBusy(client.clientId);
    try {
      await institutionsApi.setClientStatus(institution.id, client.clientId, status);
      void message.success(t(status === 'suspended' ? 'apiClient.suspended' : 'apiClient.activated', { name: client.name }));
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
        <Typography.Text code copyable={{ text: c.clientId }}>
          {c.clientId}
        </Typography.Text>
      ),
    },
    {
      title: t('apiClient.keys'),
      key: 'keys',
      render: (_, c) =>
        c.keys.map((k, i) => (
          <Tag key={k.kid ?? i}>{[k.kty, k.alg, k.kid].filter(Boolean).join(' · ')}</Tag>
        )),
    },
    { title: t('apiClient.status'), key: 'status', render: (_, c) => <ApiClientStatusTag status={c.status} /> },
    { title: t('common.createdAt'), key: 'createdAt', render: (_, c) => formatDateTime(c.createdAt, i18n.language) },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, c: ApiClient) =>
              c.status === 'active' ? (
                <Popconfirm
                  title={t('apiClient.suspendConfirm')}
                  okText={t('apiClient.suspend')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => setStatus(c, 'suspended')}
                >
                  <Button type="link" danger size="small" loading={busy === c.clientId} data-testid={`client-suspend-${c.clientId}`}>
                    {t('apiClient.suspend')}
                  </Button>
                </Popconfirm>
              ) : c.status === 'suspended' ? (
                <Button
                  type="link"
                  size="small"
                  loading={busy === c.clientId}
                  onClick={() => void setStatus(c, 'active')}
                  data-testid={`client-activate-${c.clientId}`}
                >
                  {t('apiClient.activate')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Drawer
      open={institution !== undefined}
      onClose={onClose}
      size="large"
      title={institution ? t('apiClient.title', { name: localName(institution.name, i18n.language) }) : ''}
      extra={
        canWrite && institution ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="clients-register">
            {t('apiClient.register')}
          </Button>
        ) : undefined
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('apiClient.intro')}</Typography.Paragraph>
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
              scroll={{ x: 700 }}
              locale={{ emptyText: t('apiClient.empty') }}
              data-testid="clients-table"
            />
          </>
        )}
      </Space>
      {institution && (
        <RegisterClientModal
          institution={institution}
          open={registering}
          onClose={() => setRegistering(false)}
          onRegistered={() => {
            setRegistering(false);
            void load();
          }}
        />
      )}
    </Drawer>
  );
}
