import { Button, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiClient, ApiClientKey, ApiClientStatus } from '../../api/types';
import { testId } from '../../lib/test-id';

/** RSA, the NIST curves and SM2 (国密) told apart at a glance. */
function algColor(alg: string | null): string {
  if (!alg) return 'default';
  if (alg === 'SM2') return 'volcano';
  if (alg.startsWith('RS') || alg.startsWith('PS')) return 'geekblue';
  if (alg.startsWith('ES')) return 'purple';
  return 'default';
}

/** Each registered public key: its signature algorithm and key id (the `kid` a client assertion names). */
export function ClientKeys({ keys }: { keys: readonly ApiClientKey[] }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={2}>
      {keys.map((key, i) => (
        <Space key={key.kid ?? i} size={4} data-testid="client-key" data-alg={key.alg ?? ''}>
          <Tooltip title={key.kty ? t('apiClient.keyType', { kty: key.kty }) : undefined}>
            <Tag color={algColor(key.alg)} style={{ marginInlineEnd: 0 }}>
              {key.alg ?? key.kty ?? '?'}
            </Tag>
          </Tooltip>
          {key.kid && (
            <Typography.Text code copyable={{ text: key.kid }} ellipsis={{ tooltip: key.kid }} style={{ maxWidth: 150, fontSize: 12 }}>
              {key.kid}
            </Typography.Text>
          )}
        </Space>
      ))}
    </Space>
  );
}

/**
 * Suspend and re-activate, or revoke. Revocation is final (the keys may have leaked): a revoked
 * client cannot be brought back, and the confirmation says so.
 */
export function ClientActions({ client, busy, onStatus }: { client: ApiClient; busy: boolean; onStatus: (status: ApiClientStatus) => Promise<void> }) {
  const { t } = useTranslation();
  if (client.status === 'revoked') {
    return <Typography.Text type="secondary">{t('apiClient.revokedFinal')}</Typography.Text>;
  }
  return (
    <Space size={0} wrap>
      {client.status === 'active' ? (
        <Popconfirm
          title={t('apiClient.suspendConfirm')}
          okText={t('apiClient.suspend')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, ...testId('client-suspend-confirm') }}
          onConfirm={() => onStatus('suspended')}
        >
          <Button type="link" danger size="small" loading={busy} data-testid={`client-suspend-${client.clientId}`}>
            {t('apiClient.suspend')}
          </Button>
        </Popconfirm>
      ) : (
        <Button type="link" size="small" loading={busy} onClick={() => void onStatus('active')} data-testid={`client-activate-${client.clientId}`}>
          {t('apiClient.activate')}
        </Button>
      )}
      <Popconfirm
        title={t('apiClient.revokeConfirm')}
        description={<div style={{ maxWidth: 320 }}>{t('apiClient.revokeFinal')}</div>}
        okText={t('apiClient.revoke')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, ...testId('client-revoke-confirm') }}
        onConfirm={() => onStatus('revoked')}
      >
        <Button type="link" danger size="small" disabled={busy} data-testid={`client-revoke-${client.clientId}`}>
          {t('apiClient.revoke')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
