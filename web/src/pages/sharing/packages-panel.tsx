import { DownloadOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { grantsApi } from '../../api/endpoints';
import { IDENTIFICATION_LEVELS, PACKAGE_FORMATS, type ExportPackage, type Grant, type IdentificationLevel, type PackageFormat, type PackageStatus } from '../../api/types';
import { useMe } from '../../auth/session';
import { ErrorAlert } from '../../components/errors';
import { formatBytes, formatDateTime } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { useLoad } from '../../lib/use-load';
import { isIdentification } from './display';

const STATUS_COLOR: Record<PackageStatus, string> = { ready: 'green', exhausted: 'default', expired: 'default', withdrawn: 'red' };

/** Whether the signed-in user is the grant's grantee: its user, or a member of its department. */
export function isGranteeOf(grant: Pick<Grant, 'grantee'>, me: { id: string; departmentId: string | null }): boolean {
  if (grant.grantee.kind === 'user') return grant.grantee.id === me.id;
  if (grant.grantee.kind === 'department') return me.departmentId !== null && grant.grantee.id === me.departmentId;
  return false;
}

/** Identification levels a package may use: the approved one or stricter. */
export function stricterLevels(approved: string): IdentificationLevel[] {
  const from = IDENTIFICATION_LEVELS.indexOf(approved as IdentificationLevel);
  return from < 0 ? [...IDENTIFICATION_LEVELS] : IDENTIFICATION_LEVELS.slice(from);
}

/**
 * 导出包: for an export-channel grant, the grantee builds an encrypted package for the recipient's
 * public key and downloads it a limited number of times before it expires; everyone who may see the
 * grant sees its packages and how many downloads are left.
 */
export function PackagesPanel({ grant }: { grant: Grant }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const grantee = isGranteeOf(grant, { id: me.user.id, departmentId: me.user.departmentId ?? null });
  const [items, setItems] = useState<ExportPackage[]>([]);
  const [tick, setTick] = useState(0);
  const [recipientKey, setRecipientKey] = useState('');
  const [format, setFormat] = useState<PackageFormat>('ndjson');
  const [identification, setIdentification] = useState<IdentificationLevel>();
  const [building, setBuilding] = useState(false);
  const [buildError, setBuildError] = useState<unknown>();
  const { loading, error } = useLoad((signal) => grantsApi.packages(grant.id, signal), (page) => setItems(page.items), [grant.id, tick]);
  const live = grant.status === 'active';
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const build = async () => {
    setBuilding(true);
    setBuildError(undefined);
    try {
      const built = await grantsApi.buildPackage(grant.id, { recipientPublicKey: recipientKey.trim(), format, ...(identification ? { identification } : {}) });
      setItems((shown) => [built, ...shown.filter((p) => p.id !== built.id)]);
      void message.success(t('package.built', { count: built.recordCount }));
    } catch (cause) {
      setBuildError(cause);
    } finally {
      setBuilding(false);
    }
  };

  const columns: TableColumnsType<ExportPackage> = [
    { title: t('package.createdAt'), key: 'created', width: 150, render: (_, p) => date(p.createdAt) },
    { title: t('package.format'), key: 'format', width: 80, render: (_, p) => p.format.toUpperCase() },
    { title: t('shareRequest.identification'), key: 'identification', width: 100, render: (_, p) => (isIdentification(p.identification) ? t(`identification.${p.identification}`) : p.identification) },
    { title: t('package.records'), key: 'records', width: 80, render: (_, p) => p.recordCount },
    { title: t('package.size'), key: 'size', width: 90, render: (_, p) => formatBytes(p.bytes, i18n.language) },
    { title: t('package.expiresAt'), key: 'expires', width: 150, render: (_, p) => date(p.expiresAt) },
    {
      title: t('package.downloadsLeft'),
      key: 'downloads',
      width: 100,
      render: (_, p) => <span data-testid={`package-left-${p.id}`}>{t('package.leftOf', { left: p.downloadsLeft, allowed: p.downloadsAllowed })}</span>,
    },
    { title: t('package.status'), key: 'status', width: 90, render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{t(`packageStatus.${p.status}`)}</Tag> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, p) =>
        grantee && p.status === 'ready' && p.downloadsLeft > 0 ? (
          <Button
            size="small"
            icon={<DownloadOutlined />}
            href={grantsApi.packageDownloadUrl(p.id)}
            download={`${p.id}.yxpk`}
            // Each download counts; the list is read again once the browser has started it.
            onClick={() => window.setTimeout(() => setTick((n) => n + 1), 1500)}
            data-testid={`package-download-${p.id}`}
          >
            {t('package.download')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      size="small"
      title={t('package.title')}
      style={{ marginTop: 16 }}
      extra={<Button size="small" icon={<ReloadOutlined />} onClick={() => setTick((n) => n + 1)} aria-label={t('common.refresh')} data-testid="package-refresh" />}
      data-testid="packages-panel"
    >
      <Typography.Paragraph type="secondary">{t('package.intro')}</Typography.Paragraph>
      {grantee && live && (
        <Form layout="vertical" onFinish={() => void build()} data-testid="package-build-form">
          <Form.Item label={t('package.recipientKey')} extra={t('package.recipientKeyHint')} required>
            <Input.TextArea
              value={recipientKey}
              onChange={(e) => setRecipientKey(e.target.value)}
              autoSize={{ minRows: 3, maxRows: 6 }}
              placeholder="-----BEGIN PUBLIC KEY-----"
              spellCheck={false}
              style={{ fontFamily: 'monospace', fontSize: 12 }}
              data-testid="package-key"
            />
          </Form.Item>
          <Space wrap style={{ marginBottom: 16 }}>
            <Upload
              accept=".pub,.pem,.txt"
              showUploadList={false}
              beforeUpload={(file) => {
                void file.text().then((text) => setRecipientKey(text));
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="package-key-file">
                {t('package.keyFile')}
              </Button>
            </Upload>
            <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as PackageFormat)} data-testid="package-format">
              {PACKAGE_FORMATS.map((f) => (
                <Radio key={f} value={f} data-testid={`package-format-${f}`}>
                  {f.toUpperCase()}
                </Radio>
              ))}
            </Radio.Group>
            <Select<IdentificationLevel>
              allowClear
              value={identification}
              placeholder={t('package.identificationDefault', { level: isIdentification(grant.maskingProfile) ? t(`identification.${grant.maskingProfile}`) : grant.maskingProfile })}
              style={{ width: 220 }}
              options={stricterLevels(grant.maskingProfile).map((level) => ({ value: level, label: t(`identification.${level}`) }))}
              onChange={(value) => setIdentification(value)}
              data-testid="package-identification"
            />
            <Button type="primary" htmlType="submit" loading={building} disabled={recipientKey.trim().length < 40} data-testid="package-build">
              {t('package.build')}
            </Button>
          </Space>
          {building && <Alert type="info" showIcon title={t('package.building')} style={{ marginBottom: 16 }} />}
          <ErrorAlert error={buildError} testId="package-build-error" />
        </Form>
      )}
      {!grantee && <Alert type="info" showIcon title={t('package.granteeOnly')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error} />
      <Table<ExportPackage>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={false}
        scroll={{ x: 950 }}
        locale={{ emptyText: t('package.empty') }}
        onRow={(p) => ({ ...testId(`package-row-${p.id}`), 'data-status': p.status }) as Record<string, string>}
      />
    </Card>
  );
}
