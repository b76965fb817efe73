import { Card, Descriptions, Space, Statistic, Steps, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CatalogField, LocalizedName, Referral, ReferralDocument, ReferralGrant, RequestState } from '../../api/types';
import { formatDate, formatDateTime, localName } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { shortId } from '../sharing/display';
import { DecisionTag, GrantStatusTag } from '../sharing/sharing-tags';
import { stepStatuses } from '../sharing/workflow';
import { formatMinutes } from './display';
import { ApprovalTime, DueCountdown, PartnerReadsText } from './referral-tags';

type Catalog = { names: ReadonlyMap<string, LocalizedName>; fields: Record<string, CatalogField[]> };

/** The share request state behind a referral status, for the step bar. */
const REQUEST_STATE: Record<string, RequestState> = { submitted: 'in_review', in_review: 'in_review', approved: 'granted', returned: 'returned', rejected: 'rejected', withdrawn: 'withdrawn' };

/** The fast-track steps, each with its decision or, for the current one, the deadline counting down. */
export function ReferralSteps({ referral, stepLabel }: { referral: Referral; stepLabel: (step: Referral['steps'][number]) => string }) {
  const { t, i18n } = useTranslation();
  const statuses = stepStatuses({ state: REQUEST_STATE[referral.status] ?? 'withdrawn', steps: referral.steps, currentStep: referral.currentStep });
  return (
    <Steps
      size="small"
      current={Math.min(referral.currentStep, Math.max(0, referral.steps.length - 1))}
      data-testid="referral-steps"
      items={referral.steps.map((step, i) => {
        // The latest decision of this step (a returned referral is decided again after resubmission).
        const decided = statuses[i] === 'finish' || statuses[i] === 'error' ? referral.reviews.filter((r) => r.step === i).at(-1) : undefined;
        return {
          key: `${i}-${step.role}`,
          title: stepLabel(step),
          status: statuses[i] ?? 'wait',
          content: decided ? (
            <Space orientation="vertical" size={0}>
              <Space size={4}>
                <DecisionTag decision={decided.decision} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {decided.reviewer.displayName}
                </Typography.Text>
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(decided.decidedAt, i18n.language)}
              </Typography.Text>
            </Space>
          ) : statuses[i] === 'process' ? (
            <Space orientation="vertical" size={2}>
              <Typography.Text style={{ fontSize: 12 }}>{t('referral.dueAt', { at: formatDateTime(referral.reviewDueAt, i18n.language) })}</Typography.Text>
              <DueCountdown referral={referral} />
            </Space>
          ) : step.dueWithinMinutes ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('referral.target', { minutes: step.dueWithinMinutes })}
            </Typography.Text>
          ) : undefined,
        };
      })}
    />
  );
}

/** The time from referral to approval against the fast-track target. */
export function FastTrackCard({ referral }: { referral: Referral }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={t('referral.fastTrack')} data-testid="referral-fast-track">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {referral.minutesToApproval !== null ? (
          <Statistic title={t('referral.minutesToApproval')} value={formatMinutes(referral.minutesToApproval, i18n.language)} suffix={t('referral.minutesUnit')} />
        ) : (
          <Statistic title={t('referral.minutesToApproval')} value="—" />
        )}
        <ApprovalTime referral={referral} />
        <DueCountdown referral={referral} />
        {referral.approvedAt && <Typography.Text type="secondary">{t('referral.approvedAt', { at: formatDateTime(referral.approvedAt, i18n.language) })}</Typography.Text>}
      </Space>
    </Card>
  );
}

/** What the referral shares: each resource of the document set, its fields and from when. */
export function DocumentsCard({ referral, catalog }: { referral: Referral; catalog: Catalog }) {
  const { t, i18n } = useTranslation();
  const fieldLabel = (code: string, name: string) => localName(catalog.fields[code]?.find((f) => f.name === name)?.label, i18n.language) || name;
  const columns: TableColumnsType<ReferralDocument> = [
    { title: t('referral.resource'), key: 'resource', width: 160, render: (_, d) => localName(catalog.names.get(d.catalogCode), i18n.language) || d.catalogCode },
    { title: t('referral.fields'), key: 'fields', render: (_, d) => <Typography.Text style={{ fontSize: 12 }}>{d.fields.map((f) => fieldLabel(d.catalogCode, f)).join(t('narrowing.separator'))}</Typography.Text> },
    { title: t('referral.period'), key: 'period', width: 150, render: (_, d) => (d.dataFrom ? t('referral.since', { date: formatDate(d.dataFrom, i18n.language) }) : t('referral.wholeHistory')) },
  ];
  return (
    <Card size="small" title={t('referral.documents')} extra={<Typography.Text type="secondary">{t('referral.accessDays', { days: referral.accessDays })}</Typography.Text>}>
      <Table<ReferralDocument> rowKey="catalogCode" size="small" pagination={false} columns={columns} dataSource={referral.documents} onRow={(d) => testId(`referral-document-${d.catalogCode}`)} data-testid="referral-documents" />
    </Card>
  );
}

export function ReviewsCard({ referral, stepLabel }: { referral: Referral; stepLabel: (step: Referral['steps'][number]) => string }) {
  const { t, i18n } = useTranslation();
  type Review = Referral['reviews'][number];
  const columns: TableColumnsType<Review> = [
    { title: t('shareRequest.decidedAt'), key: 'decidedAt', width: 150, render: (_, r) => formatDateTime(r.decidedAt, i18n.language) },
    { title: t('shareRequest.step'), key: 'step', width: 150, render: (_, r) => (referral.steps[r.step] ? stepLabel(referral.steps[r.step]!) : r.role) },
    { title: t('shareRequest.reviewer'), key: 'reviewer', width: 110, render: (_, r) => r.reviewer.displayName },
    { title: t('shareRequest.decision'), key: 'decision', width: 110, render: (_, r) => <DecisionTag decision={r.decision} /> },
    { title: t('shareRequest.reason'), key: 'reason', render: (_, r) => r.reason },
  ];
  return (
    <Card size="small" title={t('shareRequest.history')}>
      <Table<Review>
        rowKey={(r) => `${r.step}-${r.decidedAt}-${r.reviewer.id}`}
        size="small"
        pagination={false}
        columns={columns}
        dataSource={referral.reviews}
        locale={{ emptyText: t('shareRequest.noReviews') }}
        onRow={(r) => ({ ...testId('referral-review-row'), 'data-decision': r.decision }) as Record<string, string>}
        data-testid="referral-reviews"
      />
    </Card>
  );
}

/** The grants the approval created, each scoped to the patient, with the partner's reads under each. */
export function GrantsCard({ referral, catalog }: { referral: Referral; catalog: Catalog }) {
  const { t, i18n } = useTranslation();
  const reads = new Map(referral.partnerReads?.byGrant.map((g) => [g.grantId, g]) ?? []);
  const columns: TableColumnsType<ReferralGrant> = [
    {
      title: t('grant.id'),
      key: 'id',
      width: 120,
      render: (_, g) => (
        <Link to={`/grants/${encodeURIComponent(g.id)}`} title={g.id}>
          {shortId(g.id)}
        </Link>
      ),
    },
    { title: t('grant.resource'), key: 'resource', width: 150, render: (_, g) => localName(catalog.names.get(g.catalogCode), i18n.language) || g.catalogCode },
    { title: t('referral.fieldsShared'), key: 'fields', width: 90, render: (_, g) => g.fields.length },
    { title: t('grant.validTo'), key: 'validTo', width: 150, render: (_, g) => formatDateTime(g.validTo, i18n.language) },
    { title: t('grant.status'), key: 'status', width: 90, render: (_, g) => <GrantStatusTag status={g.status} /> },
    {
      title: t('referral.partnerReads'),
      key: 'reads',
      render: (_, g) => {
        const read = reads.get(g.id);
        if (!read || read.count === 0) return <Typography.Text type="secondary">{t('referral.readsNone')}</Typography.Text>;
        return `${t('referral.readsCount', { count: read.count })}${read.lastAt ? ` · ${formatDateTime(read.lastAt, i18n.language)}` : ''}`;
      },
    },
  ];
  return (
    <Card size="small" title={t('referral.grants')} extra={<PartnerReadsText reads={referral.partnerReads} />} data-testid="referral-grants">
      <Table<ReferralGrant> rowKey="id" size="small" pagination={false} columns={columns} dataSource={referral.grants ?? []} scroll={{ x: 800 }} onRow={(g) => testId(`referral-grant-${g.catalogCode}`)} />
    </Card>
  );
}

/** Who, to whom, why: the facts of the referral. */
export function ReferralFacts({ referral }: { referral: Referral }) {
  const { t, i18n } = useTranslation();
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }} data-testid="referral-facts">
      <Descriptions.Item label={t('referral.patient')}>
        <Link to={`/patients/${encodeURIComponent(referral.patientId)}?tab=referrals`} data-testid="referral-patient">
          {referral.patientId}
        </Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('referral.institution')}>
        <span data-testid="referral-institution">{localName(referral.institution.name, i18n.language) || referral.institution.code}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('referral.referrer')}>
        {referral.referrer.displayName}
        {referral.department ? ` · ${localName(referral.department.name, i18n.language)}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('referral.createdAt')}>{formatDateTime(referral.createdAt, i18n.language)}</Descriptions.Item>
      <Descriptions.Item label={t('referral.reason')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }} data-testid="referral-reason">
          {referral.reason}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('referral.clinicalSummary')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{referral.clinicalSummary ?? '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('referral.shareRequest')} span={2}>
        <Link to={`/share-requests/${encodeURIComponent(referral.shareRequestId)}`}>{shortId(referral.shareRequestId)}</Link>
        <Tag style={{ marginInlineStart: 8 }}>{t('referral.shareRequestHint')}</Tag>
      </Descriptions.Item>
    </Descriptions>
  );
}
