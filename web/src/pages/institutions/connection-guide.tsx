import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { smartApi } from '../../api/endpoints';
import type { SmartConfiguration } from '../../api/types';
import { useLoad } from '../../lib/use-load';
import { assertionTemplate, connectionDetails, tokenRequestTemplate } from './connection';

const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;

function Copyable({ text, testId }: { text: string; testId: string }) {
  return (
    <Typography.Text code copyable={{ text }} style={{ wordBreak: 'break-all' }} data-testid={testId}>
      {text}
    </Typography.Text>
  );
}

/**
 * 接入说明: what a partner hospital's developer configures in an off-the-shelf SMART Backend
 * Services client — this server's token endpoint, FHIR base and discovery URL, the scopes and
 * signature algorithms it accepts (read from the discovery document), and the assertion's claims.
 */
export function ConnectionGuide({ clientId }: { clientId?: string | undefined }) {
  const { t } = useTranslation();
  const [config, setConfig] = useState<SmartConfiguration>();
  useLoad((signal) => smartApi.configuration(signal), setConfig, []);
  const details = connectionDetails(window.location.origin, config);
  const client = clientId ?? '<client_id>';
  const claims = JSON.stringify(assertionTemplate(client, details.tokenEndpoint), null, 2);
  const request = tokenRequestTemplate(details.scopes[0] ?? 'system/*.read');

  return (
    <Card size="small" title={t('connect.title')} data-testid="connection-guide">
      <Typography.Paragraph type="secondary">{t('connect.intro')}</Typography.Paragraph>
      <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap', width: 150 } }}>
        {clientId && (
          <Descriptions.Item label={t('apiClient.clientId')}>
            <Copyable text={clientId} testId="connect-client-id" />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('connect.tokenEndpoint')}>
          <Copyable text={details.tokenEndpoint} testId="connect-token-endpoint" />
        </Descriptions.Item>
        <Descriptions.Item label={t('connect.fhirBase')}>
          <Copyable text={details.fhirBase} testId="connect-fhir-base" />
        </Descriptions.Item>
        <Descriptions.Item label={t('connect.discovery')}>
          <Copyable text={details.discoveryUrl} testId="connect-discovery" />
        </Descriptions.Item>
        <Descriptions.Item label={t('connect.scopes')}>
          <Space size={[4, 4]} wrap>
            {details.scopes.map((scope) => (
              <Copyable key={scope} text={scope} testId="connect-scope" />
            ))}
          </Space>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('connect.scopesHint')}
            </Typography.Text>
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={t('connect.authMethod')}>
          <Space size={[4, 4]} wrap>
            <Tag>private_key_jwt</Tag>
            <Tag>client_credentials</Tag>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('connect.algorithms')}>
          <Space size={[4, 4]} wrap data-testid="connect-algorithms">
            {details.algorithms.map((alg) => (
              <Tag key={alg} color="blue">
                {alg}
              </Tag>
            ))}
          </Space>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('connect.algorithmsHint')}
            </Typography.Text>
          </div>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph strong style={{ marginTop: 16, marginBottom: 4 }}>
        {t('connect.assertion')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('connect.assertionHint')}
      </Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: claims }} style={{ marginBottom: 12 }}>
        <pre style={{ ...MONO, margin: 0 }}>{claims}</pre>
      </Typography.Paragraph>
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>
        {t('connect.tokenRequest')}
      </Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: request }} style={{ marginBottom: 4 }}>
        <pre style={{ ...MONO, margin: 0 }}>{request}</pre>
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('connect.tokenLifetime')}
      </Typography.Text>
    </Card>
  );
}
