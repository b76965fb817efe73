import { Descriptions, Tag, Typography, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CatalogField, Grant, LocalizedName } from '../../api/types';
import { formatDate, formatDateTime, localName } from '../../lib/format';
import { isChannel, isIdentification } from './display';
import { ExportNote, PatientScopeText } from './request-summary';
import { GrantStatusTag } from './sharing-tags';
import type { Directory } from './use-sharing';

/** One grant in full: who may read what, for which patients and purpose, how, until when, and its history. */
export function GrantDetails({
  grant,
  directory,
  names,
  purposeLabel,
  catalogNames,
  fields,
}: {
  grant: Grant;
  directory: Directory;
  names: ReadonlyMap<string, string>;
  purposeLabel: (code: string) => string;
  catalogNames: ReadonlyMap<string, LocalizedName>;
  fields: readonly CatalogField[] | undefined;
}) {
  const { t, i18n } = useTranslation();
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');
  // The server names the people a grant mentions; the user directory fills in for older answers.
  const named = (userId: string) => grant.people?.[userId] ?? names.get(userId) ?? userId;
  const grantee = grant.grantee.kind === 'user' ? named(grant.grantee.id) : directory.recipientName(grant.grantee);
  const items: DescriptionsProps['items'] = [
    { key: 'id', label: t('grant.id'), children: <Typography.Text copyable style={{ fontSize: 12 }}>{grant.id}</Typography.Text> },
    { key: 'status', label: t('grant.status'), children: <GrantStatusTag status={grant.status} /> },
    { key: 'resource', label: t('grant.resource'), children: `${localName(catalogNames.get(grant.catalogCode), i18n.language) || grant.catalogCode} · ${grant.catalogCode}` },
    {
      key: 'grantee',
      label: t('grant.grantee'),
      children: (
        <span>
          <Tag>{t(`granteeKind.${grant.grantee.kind === 'user' || grant.grantee.kind === 'institution' ? grant.grantee.kind : 'department'}`)}</Tag>
          {grantee}
        </span>
      ),
    },
    {
      key: 'fields',
      label: t('grant.fields'),
      span: 2,
      children: (
        <span data-testid="grant-detail-fields">
          {grant.fields.map((f) => (
            <Tag key={f}>{localName(fields?.find((d) => d.name === f)?.label, i18n.language) || f}</Tag>
          ))}
        </span>
      ),
    },
    { key: 'purpose', label: t('shareRequest.purpose'), children: purposeLabel(grant.purpose) },
    { key: 'patients', label: t('shareRequest.patients'), children: <PatientScopeText patients={grant.patientScope} directory={directory} /> },
    {
      key: 'channel',
      label: t('shareRequest.channel'),
      children: (
        <div>
          {isChannel(grant.channel) ? t(`channel.${grant.channel}`) : grant.channel}
          <ExportNote channel={grant.channel} />
        </div>
      ),
    },
    { key: 'masking', label: t('shareRequest.identification'), children: isIdentification(grant.maskingProfile) ? t(`identification.${grant.maskingProfile}`) : grant.maskingProfile },
    { key: 'valid', label: t('grant.validity'), children: t('shareRequest.periodRange', { from: date(grant.validFrom), to: date(grant.validTo) }) },
    {
      key: 'dataPeriod',
      label: t('shareRequest.dataPeriod'),
      children: (
        <span data-testid="grant-data-period">
          {grant.dataFrom || grant.dataTo
            ? // dataTo is exclusive: the last day shown is the one before it.
              t('shareRequest.periodRange', { from: formatDate(grant.dataFrom, i18n.language) || '…', to: grant.dataTo ? formatDate(new Date(Date.parse(grant.dataTo) - 1).toISOString(), i18n.language) : '…' })
            : t('shareRequest.periodAny')}
        </span>
      ),
    },
    {
      key: 'request',
      label: t('grant.shareRequest'),
      children: grant.shareRequestId ? (
        <Link to={`/share-requests/${encodeURIComponent(grant.shareRequestId)}`} data-testid="grant-request-link">
          {t('grant.openRequest')}
        </Link>
      ) : (
        t('grant.direct')
      ),
    },
    { key: 'reason', label: t('grant.reason'), span: 2, children: grant.reason ?? '—' },
    { key: 'created', label: t('grant.createdBy'), children: `${named(grant.createdBy)} · ${date(grant.createdAt)}` },
  ];
  if (grant.statusChangedAt) {
    items.push({
      key: 'changed',
      label: t('grant.statusChanged'),
      span: 2,
      children: `${grant.statusChangedBy ? named(grant.statusChangedBy) : '—'} · ${date(grant.statusChangedAt)}${grant.statusReason ? ` · ${grant.statusReason}` : ''}`,
    });
  }
  return <Descriptions size="small" bordered column={{ xs: 1, lg: 2 }} items={items} data-testid="grant-details" />;
}
