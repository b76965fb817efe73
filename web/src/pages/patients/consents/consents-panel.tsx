import { FileProtectOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consentsApi } from '../../../api/endpoints';
import type { Consent, LocalizedName } from '../../../api/types';
import { useSession } from '../../../auth/session';
import { ErrorAlert } from '../../../components/errors';
import { formatBytes, formatDate, formatDateTime, localName } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { useCatalogNames } from '../use-catalog';
import { ConsentFhirModal } from './consent-fhir-modal';
import { isWithdrawable, lastDay, STATE_COLORS } from './consent-draft';
import { RecordConsentModal } from './record-consent-modal';
import { SignedFormModal } from './signed-form-modal';
import { WithdrawConsentModal } from './withdraw-consent-modal';

function Period({ consent }: { consent: Consent }) {
  const { t, i18n } = useTranslation();
  const end = consent.validTo ? lastDay(consent.validTo) : null;
  return (
    <span>
      {formatDateTime(consent.validFrom, i18n.language)}
      {' – '}
      {consent.validTo ? (end ? formatDate(end.toISOString(), i18n.language) : formatDateTime(consent.validTo, i18n.language)) : t('consent.untilWithdrawn')}
    </span>
  );
}

function Resources({ codes, names }: { codes: string[] | null; names: Map<string, LocalizedName> }) {
  const { t, i18n } = useTranslation();
  if (!codes) return <Typography.Text>{t('consent.allResources')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {codes.map((code) => (
        <Tag key={code} title={code} style={{ marginInlineEnd: 0 }}>
          {localName(names.get(code), i18n.language) || code}
        </Tag>
      ))}
    </Space>
  );
}

/** Everything recorded about one consent, in the expanded row. */
function ConsentDetails({ consent }: { consent: Consent }) {
  const { t, i18n } = useTranslation();
  const { evidence } = consent;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }} data-testid="consent-details">
      <Descriptions.Item label={t('consent.evidenceKind')}>{t(`evidenceKind.${evidence.kind}`)}</Descriptions.Item>
      <Descriptions.Item label={t('consent.recordedAt')}>{formatDateTime(evidence.recordedAt, i18n.language)}</Descriptions.Item>
      {evidence.clinician && <Descriptions.Item label={t('consent.clinician')}>{evidence.clinician.displayName}</Descriptions.Item>}
      {evidence.form && (
        <Descriptions.Item label={t('consent.signedForm')}>
          {evidence.form.fileName} · {formatBytes(evidence.form.bytes, i18n.language)} · SHA-256 {evidence.form.sha256.slice(0, 12)}…
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('consent.note')}>{evidence.note ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('consent.recordedBy')}>
        {consent.createdBy.displayName} · {formatDateTime(consent.createdAt, i18n.language)}
      </Descriptions.Item>
      {consent.withdrawnAt && (
        <>
          <Descriptions.Item label={t('consent.withdrawnBy')}>
            {consent.withdrawnBy?.displayName ?? '—'} · {formatDateTime(consent.withdrawnAt, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('consent.withdrawReason')}>
            <span data-testid="consent-withdrawal-reason">{consent.withdrawalReason}</span>
          </Descriptions.Item>
        </>
      )}
      <Descriptions.Item label={t('consent.id')}>
        <Typography.Text copyable style={{ fontSize: 12 }}>
          {consent.id}
        </Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * 知情同意: the patient's separate consents to outside institutions (PIPL Art. 23, 29) — in force,
 * withdrawn or expired — with their evidence. Recording and withdrawing need consent:write; readers
 * (auditors) see the list only. Whose consents a caller reaches is the server's decision.
 */
export function ConsentsPanel({
  patientId,
  reloadTick = 0,
  onLoaded,
}: {
  patientId: string;
  /** Changes when the page reloads (an emergency window ended, say), so the list is read again. */
  reloadTick?: number;
  /** The consents read for the patient, or null when the caller does not reach them. */
  onLoaded?: ((patientId: string, consents: Consent[] | null) => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const mayWrite = can('consent:write');
  const catalogNames = useCatalogNames();
  const [consents, setConsents] = useState<{ patientId: string; items: Consent[] }>();
  const [tick, setTick] = useState(0);
  const [recording, setRecording] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Consent>();
  const [fhirOf, setFhirOf] = useState<Consent>();
  const [formOf, setFormOf] = useState<Consent>();

  const { loading, error } = useLoad(
    async (signal) => ({ patientId, items: (await consentsApi.list(patientId, signal)).items }),
    (loaded) => {
      setConsents(loaded);
      onLoaded?.(loaded.patientId, loaded.items);
    },
    [patientId, tick, reloadTick],
  );
  useEffect(() => {
    if (error !== undefined) onLoaded?.(patientId, null);
  }, [error, patientId, onLoaded]);
  const items = consents?.patientId === patientId ? consents.items : [];
  const reload = () => setTick((n) => n + 1);

  const columns: TableColumnsType<Consent> = [
    {
      title: t('consent.recipient'),
      key: 'recipient',
      width: 180,
      render: (_, c) => <span data-testid="consent-recipient">{localName(c.recipient.name, i18n.language) || c.recipient.id}</span>,
    },
    { title: t('consent.purpose'), key: 'purpose', width: 100, render: (_, c) => localName(c.purposeLabel, i18n.language) || c.purpose },
    { title: t('consent.resources'), key: 'resources', width: 170, render: (_, c) => <Resources codes={c.catalogCodes} names={catalogNames} /> },
    { title: t('consent.period'), key: 'period', width: 220, render: (_, c) => <Period consent={c} /> },
    {
      title: t('consent.evidence'),
      key: 'evidence',
      width: 170,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Tag color={c.evidence.kind === 'signed-form' ? 'blue' : 'cyan'} data-testid="consent-evidence" data-kind={c.evidence.kind}>
            {t(`evidenceKind.${c.evidence.kind}`)}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[c.evidence.clinician?.displayName, formatDateTime(c.evidence.recordedAt, i18n.language)].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('consent.state'),
      key: 'state',
      width: 90,
      render: (_, c) => (
        <Tooltip title={c.withdrawnAt ? t('consent.withdrawnHint', { at: formatDateTime(c.withdrawnAt, i18n.language), reason: c.withdrawalReason ?? '' }) : undefined}>
          <Tag color={STATE_COLORS[c.state]} data-testid="consent-state" data-state={c.state}>
            {t(`consentState.${c.state}`)}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: t('consent.recordedBy'),
      key: 'createdBy',
      width: 140,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span>{c.createdBy.displayName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(c.createdAt, i18n.language)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: mayWrite ? 190 : 130,
      render: (_, c) => (
        <Space size={0} wrap>
          {c.evidence.form && (
            <Button type="link" size="small" icon={<FileProtectOutlined />} onClick={() => setFormOf(c)} data-testid={`consent-form-${c.id}`}>
              {t('consent.viewForm')}
            </Button>
          )}
          <Button type="link" size="small" onClick={() => setFhirOf(c)} data-testid={`consent-fhir-${c.id}`}>
            FHIR
          </Button>
          {mayWrite && isWithdrawable(c) && (
            <Button type="link" size="small" danger onClick={() => setWithdrawing(c)} data-testid={`consent-withdraw-${c.id}`}>
              {t('consent.withdraw')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('consent.title')}
      extra={
        <Space>
          <Button size="small" icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          {mayWrite && (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="consent-record">
              {t('consent.record')}
            </Button>
          )}
        </Space>
      }
      data-testid="consents-panel"
    >
      <Typography.Paragraph type="secondary">{t('consent.intro')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Table<Consent>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        size="small"
        scroll={{ x: 1260 }}
        expandable={{ expandedRowRender: (c) => <ConsentDetails consent={c} /> }}
        onRow={(c) => ({ 'data-testid': `consent-row-${c.id}`, 'data-state': c.state }) as Record<string, string>}
        locale={{ emptyText: t('consent.empty') }}
        data-testid="consents-table"
      />
      {mayWrite && (
        <RecordConsentModal
          open={recording}
          patientId={patientId}
          onClose={() => setRecording(false)}
          onRecorded={() => {
            setRecording(false);
            reload();
          }}
        />
      )}
      {mayWrite && (
        <WithdrawConsentModal
          consent={withdrawing}
          onClose={() => setWithdrawing(undefined)}
          onWithdrawn={() => {
            setWithdrawing(undefined);
            reload();
          }}
        />
      )}
      <ConsentFhirModal consent={fhirOf} onClose={() => setFhirOf(undefined)} />
      <SignedFormModal consent={formOf} onClose={() => setFormOf(undefined)} />
    </Card>
  );
}
