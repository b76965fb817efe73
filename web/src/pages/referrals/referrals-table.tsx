import { Space, Table, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Referral } from '../../api/types';
import { formatDateTime, localName } from '../../lib/format';
import { isPending } from './display';
import { ApprovalTime, DueCountdown, ReferralStatusTag, UrgencyTag } from './referral-tags';

/** Where a referral stands: the countdown while it waits, the minutes it took once approved. */
export function ReferralProgress({ referral }: { referral: Referral }) {
  if (isPending(referral)) return <DueCountdown referral={referral} />;
  if (referral.status === 'approved') return <ApprovalTime referral={referral} />;
  return <Typography.Text type="secondary">—</Typography.Text>;
}

/**
 * Referrals in a table: when, to whom, how urgent, where each stands (the review deadline counting
 * down, or the minutes to approval against the target); overdue reviews highlighted. `extra` adds
 * columns (the partner's reads on the patient page).
 */
export function ReferralsTable({
  items,
  loading,
  showPatient = true,
  emptyText,
  extra = [],
  testId = 'referrals-table',
}: {
  items: Referral[];
  loading: boolean;
  showPatient?: boolean;
  emptyText: ReactNode;
  extra?: TableColumnsType<Referral>;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const columns: TableColumnsType<Referral> = [
    {
      title: t('referral.createdAt'),
      key: 'createdAt',
      width: 150,
      render: (_, r) => (
        <Link to={`/referrals/${encodeURIComponent(r.id)}`} data-testid="referral-open">
          {formatDateTime(r.createdAt, i18n.language)}
        </Link>
      ),
    },
    ...(showPatient
      ? [
          {
            title: t('referral.patient'),
            key: 'patient',
            width: 140,
            render: (_: unknown, r: Referral) => (
              <Link to={`/patients/${encodeURIComponent(r.patientId)}?tab=referrals`}>
                <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: r.patientId }}>
                  {r.patientId}
                </Typography.Text>
              </Link>
            ),
          },
        ]
      : []),
    { title: t('referral.institution'), key: 'institution', width: 180, render: (_, r) => <span data-testid="referral-institution">{localName(r.institution.name, i18n.language) || r.institution.code}</span> },
    { title: t('referral.urgency'), key: 'urgency', width: 90, render: (_, r) => <UrgencyTag urgency={r.urgency} /> },
    { title: t('common.status'), key: 'status', width: 100, render: (_, r) => <ReferralStatusTag status={r.status} /> },
    { title: t('referral.progress'), key: 'progress', width: 230, render: (_, r) => <ReferralProgress referral={r} /> },
    {
      title: t('referral.referrer'),
      key: 'referrer',
      width: 140,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.referrer.displayName}</span>
          {r.department && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {localName(r.department.name, i18n.language)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('referral.reason'), key: 'reason', render: (_, r) => <Typography.Text ellipsis={{ tooltip: r.reason }}>{r.reason}</Typography.Text> },
    ...extra,
  ];
  return (
    <Table<Referral>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      size="small"
      scroll={{ x: 1100 }}
      locale={{ emptyText }}
      rowClassName={(r) => (isPending(r) && r.overdue ? 'yx-row-overdue' : '')}
      onRow={(r) => ({ 'data-testid': `referral-row-${r.id}`, 'data-status': r.status, 'data-overdue': String(r.overdue) }) as Record<string, string>}
      data-testid={testId}
    />
  );
}
