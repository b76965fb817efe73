import { Alert, Card, Descriptions, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogField, LocalizedName, ShareRequestForm, SharingPurpose } from '../../api/types';
import { formatDate, localName } from '../../lib/format';
import { isChannel, isIdentification, isLegalBasis } from './display';
import { FieldComparisonTable } from './field-comparison';
import { necessaryFieldsOf, purposeTemplate } from './request-form';
import type { Directory } from './use-sharing';

/** How exported data is delivered: the grantee builds and downloads the package under 授权管理. */
export function ExportNote({ channel }: { channel: string }) {
  const { t } = useTranslation();
  if (channel !== 'export' && channel !== 'external') return null;
  return <Alert type="info" showIcon data-testid="export-note" style={{ marginTop: 8 }} title={t('shareRequest.exportNote')} />;
}

/** The patient scope in words, with the listed patients. */
export function PatientScopeText({ patients, directory }: { patients: ShareRequestForm['patients']; directory: Directory }) {
  const { t, i18n } = useTranslation();
  if (patients.kind === 'all') return <span>{t('patientScope.all')}</span>;
  if (patients.kind === 'patients') {
    return (
      <Space orientation="vertical" size={2}>
        <span>{t('patientScope.patientsCount', { count: patients.patientIds.length })}</span>
        <Typography.Paragraph style={{ marginBottom: 0, fontSize: 12 }} ellipsis={{ rows: 2, expandable: 'collapsible' }} data-testid="patient-ids">
          {patients.patientIds.join('、')}
        </Typography.Paragraph>
      </Space>
    );
  }
  const c = patients.criteria;
  const department = c.departmentCode ? directory.departmentByCode(c.departmentCode) : undefined;
  return (
    <Space orientation="vertical" size={2}>
      <span>{t('patientScope.criteria')}</span>
      {c.departmentCode && <span>{t('patientScope.department', { department: department ? localName(department.name, i18n.language) : c.departmentCode })}</span>}
      {(c.from || c.to) && <span>{t('patientScope.period', { from: formatDate(c.from, i18n.language) || '…', to: formatDate(c.to, i18n.language) || '…' })}</span>}
      {c.diagnosisCode && <span>{t('patientScope.diagnosis', { code: c.diagnosisCode })}</span>}
    </Space>
  );
}

/**
 * 《信息共享申请表》 as read back: recipient, purpose and legal basis, scope, channel and identification,
 * and per resource the requested fields beside the purpose's necessary fields.
 */
export function RequestSummary({
  form,
  directory,
  purposes,
  purposeLabel,
  catalogNames,
  catalogFields,
  compact = false,
}: {
  form: ShareRequestForm;
  directory: Directory;
  purposes: readonly SharingPurpose[];
  purposeLabel: (code: string) => string;
  catalogNames: ReadonlyMap<string, LocalizedName>;
  catalogFields: Record<string, CatalogField[]>;
  /** One column of facts, for a narrow place beside a form. */
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const template = purposeTemplate(purposes, form.purpose);
  const items: DescriptionsProps['items'] = [
    {
      key: 'recipient',
      label: t('shareRequest.recipient'),
      children: (
        <span data-testid="summary-recipient">
          <Tag>{t(`recipientKind.${form.recipient.kind}`)}</Tag>
          {directory.recipientName(form.recipient)}
        </span>
      ),
    },
    {
      key: 'purpose',
      label: t('shareRequest.purpose'),
      children: (
        <span data-testid="summary-purpose">
          {purposeLabel(form.purpose)}
          {template && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {t('wizard.purposeLimits', { days: template.maxAccessDays })}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      key: 'legalBasis',
      label: t('shareRequest.legalBasis'),
      children: (
        <span>
          {isLegalBasis(form.legalBasis.kind) ? t(`legalBasis.${form.legalBasis.kind}`) : form.legalBasis.kind}
          {form.legalBasis.text && <Typography.Text type="secondary"> — {form.legalBasis.text}</Typography.Text>}
        </span>
      ),
    },
    { key: 'patients', label: t('shareRequest.patients'), children: <PatientScopeText patients={form.patients} directory={directory} /> },
    {
      key: 'dataPeriod',
      label: t('shareRequest.dataPeriod'),
      children:
        form.dataFrom || form.dataTo
          ? // dataTo is exclusive: the last day shown is the one before it.
            t('shareRequest.periodRange', { from: formatDate(form.dataFrom, i18n.language) || '…', to: form.dataTo ? formatDate(new Date(Date.parse(form.dataTo) - 1).toISOString(), i18n.language) : '…' })
          : t('shareRequest.periodAny'),
    },
    { key: 'accessDays', label: t('shareRequest.accessDays'), children: <span data-testid="summary-access-days">{t('shareRequest.days', { count: form.accessDays })}</span> },
    {
      key: 'channel',
      label: t('shareRequest.channel'),
      children: (
        <div>
          <span data-testid="summary-channel">{isChannel(form.channel) ? t(`channel.${form.channel}`) : form.channel}</span>
          <ExportNote channel={form.channel} />
        </div>
      ),
    },
    {
      key: 'identification',
      label: t('shareRequest.identification'),
      children: <span data-testid="summary-identification">{isIdentification(form.identification) ? t(`identification.${form.identification}`) : form.identification}</span>,
    },
    { key: 'consent', label: t('shareRequest.consentOnRecord'), children: form.consentOnRecord ? t('common.yes') : t('common.no') },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={compact ? 1 : { xs: 1, lg: 2 }} items={items} data-testid="request-summary" />
      {form.resources.map((resource) => (
        <Card
          key={resource.catalogCode}
          size="small"
          type="inner"
          title={
            <Space size={6}>
              <span>{localName(catalogNames.get(resource.catalogCode), i18n.language) || resource.catalogCode}</span>
              <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                {resource.catalogCode}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('shareRequest.fieldCount', { count: resource.fields.length })}
              </Typography.Text>
            </Space>
          }
        >
          <FieldComparisonTable catalogCode={resource.catalogCode} dictionary={catalogFields[resource.catalogCode] ?? []} requested={resource.fields} necessary={necessaryFieldsOf(template, resource.catalogCode)} />
        </Card>
      ))}
    </Space>
  );
}
