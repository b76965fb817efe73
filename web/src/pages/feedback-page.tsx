import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { feedbackApi } from '../api/endpoints';
import { FEEDBACK_STATES, type FeedbackItem, type FeedbackState } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { formatDateTime } from '../lib/format';
import { testId } from '../lib/test-id';
import { useLoad } from '../lib/use-load';
import { shortId } from './sharing/display';
import { FeedbackModal } from './sharing/feedback-modal';
import { FeedbackStateTag } from './sharing/sharing-tags';
import { useUserNames } from './sharing/use-sharing';

type Scope = 'mine' | 'all';

/**
 * 使用反馈: the requester's reports on how shared data was used, one per grant, due a set number of days
 * after the share ends; overdue ones block new requests. Readers of grants or the audit log follow everyone's.
 */
export default function FeedbackPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const mayRequest = can('share:request');
  const mayListAll = can(['grant:read', 'audit:read']);
  const [scope, setScope] = useState<Scope>(mayRequest ? 'mine' : 'all');
  const [state, setState] = useState<FeedbackState>();
  const [items, setItems] = useState<FeedbackItem[]>([]);
  const [refreshTick, setRefreshTick] = useState(0);
  const [reporting, setReporting] = useState<FeedbackItem>();
  const names = useUserNames(scope === 'all' ? items.map((i) => i.requesterId) : []);

  const { loading, error } = useLoad((signal) => feedbackApi.list({ scope, ...(state ? { state } : {}) }, signal), ({ items: found }) => setItems(found), [scope, state, refreshTick]);
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const columns: TableColumnsType<FeedbackItem> = [
    {
      title: t('shareRequest.title'),
      key: 'title',
      render: (_, item) => <Link to={`/share-requests/${encodeURIComponent(item.requestId)}`}>{item.title}</Link>,
    },
    ...(scope === 'all' ? [{ title: t('shareRequest.requester'), key: 'requester', width: 120, render: (_: unknown, item: FeedbackItem) => names.get(item.requesterId) ?? shortId(item.requesterId) }] : []),
    {
      title: t('grant.id'),
      key: 'grant',
      width: 110,
      // Requesters see the grants of their own requests, readers of grants every one: the grant page says 404 otherwise.
      render: (_, item) => <Link to={`/grants/${encodeURIComponent(item.grantId)}`}>{shortId(item.grantId)}</Link>,
    },
    { title: t('feedback.dueAt'), key: 'dueAt', width: 160, render: (_, item) => date(item.dueAt) },
    { title: t('feedback.state'), key: 'state', width: 110, render: (_, item) => <FeedbackStateTag state={item.state} /> },
    { title: t('feedback.submittedAt'), key: 'submittedAt', width: 160, render: (_, item) => date(item.submittedAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, item) =>
        item.requesterId === me.user.id && item.state !== 'submitted' ? (
          <Button size="small" type="primary" onClick={() => setReporting(item)} data-testid={`feedback-fill-${item.grantId}`}>
            {t('feedback.fill')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card title={t('feedback.title')} extra={<Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />}>
      <Typography.Paragraph type="secondary">{t('feedback.intro')}</Typography.Paragraph>
      <div className="yx-toolbar">
        <Space wrap>
          {mayRequest && mayListAll && (
            <Segmented<Scope>
              value={scope}
              onChange={setScope}
              options={[
                { value: 'mine', label: t('feedback.scopeMine') },
                { value: 'all', label: t('feedback.scopeAll') },
              ]}
              data-testid="feedback-scope"
            />
          )}
          <Select<FeedbackState>
            allowClear
            value={state}
            placeholder={t('feedback.filterState')}
            style={{ width: 160 }}
            options={FEEDBACK_STATES.map((s) => ({ value: s, label: t(`feedbackState.${s}`) }))}
            onChange={(value) => setState(value)}
            data-testid="feedback-filter-state"
          />
        </Space>
      </div>
      <ErrorAlert error={error} />
      <div data-testid="feedback-table">
        <Table<FeedbackItem>
          rowKey="grantId"
          columns={columns}
          dataSource={items}
          loading={loading}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('feedback.empty') }}
          rowClassName={(item) => (item.state === 'overdue' ? 'yx-row-extra' : '')}
          onRow={(item) => ({ ...testId(`feedback-row-${item.grantId}`), 'data-state': item.state }) as Record<string, string>}
        />
      </div>
      <FeedbackModal
        grantId={reporting?.grantId}
        title={reporting?.title}
        onClose={() => setReporting(undefined)}
        onSubmitted={() => {
          setReporting(undefined);
          void message.success(t('feedback.submitted'));
          setRefreshTick((n) => n + 1);
        }}
      />
    </Card>
  );
}
