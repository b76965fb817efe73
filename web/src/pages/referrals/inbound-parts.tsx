import { DownloadOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { referralsApi } from '../../api/endpoints';
import type { InboundReferral } from '../../api/types';
import { formatBytes } from '../../lib/format';

const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
const isGender = (value: string | null): value is (typeof GENDERS)[number] => (GENDERS as readonly (string | null)[]).includes(value);
const MATCH_KINDS = ['mrn', 'id-card'] as const;
const isMatchKind = (value: string): value is (typeof MATCH_KINDS)[number] => (MATCH_KINDS as readonly string[]).includes(value);

/**
 * The patient a partner referred: ours when an MRN or ID card number named exactly one (linked to the
 * patient page), otherwise the sender's details and identifiers, for the department to sort out.
 */
export function InboundPatient({ patient, compact = false }: { patient: InboundReferral['patient']; compact?: boolean }) {
  const { t } = useTranslation();
  const facts = [patient.name, isGender(patient.gender) ? t(`gender.${patient.gender}`) : patient.gender, patient.birthDate].filter(Boolean).join(' · ');
  const by = (patient.matchedBy ?? '')
    .split('+')
    .filter(Boolean)
    .map((kind) => (isMatchKind(kind) ? t(`inbound.matchKind.${kind}`) : kind))
    .join(t('narrowing.separator'));
  return (
    <Space orientation="vertical" size={0} data-testid="inbound-patient" data-matched={patient.patientId ? 'true' : 'false'}>
      <Space size={4} wrap>
        {patient.patientId ? <Link to={`/patients/${encodeURIComponent(patient.patientId)}`}>{facts || patient.patientId}</Link> : <span>{facts || '—'}</span>}
        {patient.patientId ? (
          <Tag color="success" style={{ marginInlineEnd: 0 }}>
            {t('inbound.matched', { by })}
          </Tag>
        ) : (
          <Tooltip title={t('inbound.unmatchedHint')}>
            <Tag color="warning" style={{ marginInlineEnd: 0 }}>
              {t('inbound.unmatched')}
            </Tag>
          </Tooltip>
        )}
      </Space>
      {!compact &&
        patient.identifiers.map((identifier) => (
          <Typography.Text key={`${identifier.system}|${identifier.value}`} type="secondary" style={{ fontSize: 12 }}>
            {identifier.system} | {identifier.value}
          </Typography.Text>
        ))}
    </Space>
  );
}

/** The documents sent with the referral, each a download (a plain GET with the session cookie; audited). */
export function AttachmentLinks({ referral }: { referral: Pick<InboundReferral, 'id' | 'attachments'> }) {
  const { t, i18n } = useTranslation();
  if (referral.attachments.length === 0) return <Typography.Text type="secondary">{t('inbound.noAttachments')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {referral.attachments.map((a) => (
        <Typography.Link key={a.position} href={referralsApi.attachmentUrl(referral.id, a.position)} download data-testid={`inbound-attachment-${a.position}`}>
          <DownloadOutlined /> {a.title ?? t('inbound.attachment', { position: a.position + 1 })}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            ({a.contentType.split(';')[0]} · {formatBytes(a.bytes, i18n.language)})
          </Typography.Text>
        </Typography.Link>
      ))}
    </Space>
  );
}
