import { Button, Segmented, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { referralsApi } from '../../api/endpoints';
import type { InboundReferral, InboundStatus } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/errors';
import { formatDateTime, localName } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { InboundDecisionModal, type InboundDecision } from './inbound-decision-modal';
import { AttachmentLinks, InboundPatient } from './inbound-parts';
import { InboundStatusTag, UrgencyTag } from './referral-tags';

type Filter = InboundStatus | 'any';

/**
 * 转入: referrals partners sent to the reader's department as FHIR ServiceRequests — who, from
 * where, why, the documents — to accept or decline with a reason the sender reads back.
 */
export function InboundTab({ refreshTick }: { refreshTick: number }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const mayDecide = can('referral:write');
  const [filter, setFilter] = useState<Filter>('received');
  const [items, setItems] = useState<InboundReferral[]>([]);
  const [deciding, setDeciding] = useState<{ referral: InboundReferral; decision: InboundDecision }>();
  const [tick, setTick] = useState(0);
  const { loading, error } = useLoad((signal) => referralsApi.inbound(filter === 'any' ? undefined : filter, signal), ({ items: found }) => setItems(found), [filter, refreshTick, tick]);

  const columns: TableColumnsType<InboundReferral> = [
    {
      title: t('inbound.receivedAt'),
      key: 'receivedAt',
      width: 150,
      render: (_, r) => (
        <Link to={`/referrals/inbound/${encodeURIComponent(r.id)}`} data-testid="inbound-open">
          {formatDateTime(r.receivedAt, i18n.language)}
        </Link>
      ),
    },
    { title: t('inbound.sender'), key: 'sender', width: 170, render: (_, r) => <span data-testid="inbound-sender">{localName(r.sender.name, i18n.language) || r.sender.code}</span> },
    { title: t('inbound.patient'), key: 'patient', width: 220, render: (_, r) => <InboundPatient patient={r.patient} compact /> },
    { title: t('inbound.priority'), key: 'priority', width: 90, render: (_, r) => <UrgencyTag urgency={r.priority} /> },
    { title: t('inbound.reason'), key: 'reason', render: (_, r) => <Typography.Text ellipsis={{ tooltip: r.reason }}>{r.reason || '—'}</Typography.Text> },
    { title: t('inbound.attachments'), key: 'attachments', width: 240, render: (_, r) => <AttachmentLinks referral={r} /> },
    { title: t('common.status'), key: 'status', width: 90, render: (_, r) => <InboundStatusTag status={r.status} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 130,
      render: (_, r) =>
        mayDecide && r.status === 'received' ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setDeciding({ referral: r, decision: 'accept' })} data-testid={`inbound-accept-${r.id}`}>
              {t('inbound.accept')}
            </Button>
            <Button type="link" size="small" danger onClick={() => setDeciding({ referral: r, decision: 'decline' })} data-testid={`inbound-decline-${r.id}`}>
              {t('inbound.decline')}
            </Button>
          </Space>
        ) : r.decidedBy ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.decidedBy.displayName}
          </Typography.Text>
        ) : null,
    },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t('inbound.intro')}</Typography.Paragraph>
      <div className="yx-toolbar">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'received', label: t('inboundStatus.received') },
            { value: 'accepted', label: t('inboundStatus.accepted') },
            { value: 'declined', label: t('inboundStatus.declined') },
            { value: 'any', label: t('inbound.filterAll') },
          ]}
          data-testid="inbound-filter"
        />
      </div>
      <ErrorAlert error={error} />
      <Table<InboundReferral>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        size="small"
        scroll={{ x: 1200 }}
        locale={{ emptyText: filter === 'received' ? t('inbound.emptyReceived') : t('inbound.empty') }}
        onRow={(r) => ({ 'data-testid': `inbound-row-${r.id}`, 'data-status': r.status }) as Record<string, string>}
        data-testid="inbound-table"
      />
      <InboundDecisionModal
        referral={deciding?.referral}
        decision={deciding?.decision ?? 'accept'}
        onClose={() => setDeciding(undefined)}
        onDecided={() => {
          setDeciding(undefined);
          setTick((n) => n + 1);
        }}
      />
    </>
  );
}
