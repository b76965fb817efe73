import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { inboxApi } from '../api/endpoints';
import type { InboxItem } from '../api/types';
import { ErrorAlert } from '../components/errors';
import { setUnreadCount } from '../components/inbox-bell';
import { formatDateTime, localName } from '../lib/format';
import { testId } from '../lib/test-id';
import { useLoad } from '../lib/use-load';
import { isNotificationKind } from './sharing/display';
import { markedRead, subjectPath, unreadIds } from './sharing/inbox';

type Filter = 'unread' | 'all';

const KIND_COLORS: Record<string, string> = {
  'review-item': 'blue',
  'review-overdue': 'red',
  returned: 'orange',
  approved: 'green',
  rejected: 'red',
  revoked: 'volcano',
  'feedback-due': 'gold',
  'feedback-overdue': 'red',
  'violation-opened': 'orange',
  'violation-suspended': 'red',
  'violation-decided': 'volcano',
  'referral-received': 'purple',
};

/** 消息: notices of new review items, returned and decided requests, revocations, feedback due and referrals received. */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('unread');
  const [items, setItems] = useState<InboxItem[]>([]);
  const [refreshTick, setRefreshTick] = useState(0);
  const [marking, setMarking] = useState(false);
  const [markError, setMarkError] = useState<unknown>();

  const { loading, error } = useLoad(
    (signal) => inboxApi.list({ unread: filter === 'unread', limit: 200 }, signal),
    (list) => {
      setItems(list.items);
      setUnreadCount(list.unread);
    },
    [filter, refreshTick],
  );

  const markRead = async (ids: string[]) => {
    if (ids.length === 0) return;
    setMarking(true);
    setMarkError(undefined);
    try {
      await inboxApi.markRead(ids);
      const now = new Date().toISOString();
      setItems((shown) => markedRead(shown, ids, now));
      // The count over every notice, not only those listed.
      const { unread } = await inboxApi.list({ unread: true, limit: 1 });
      setUnreadCount(unread);
    } catch (err) {
      setMarkError(err);
    } finally {
      setMarking(false);
    }
  };

  const open = async (item: InboxItem) => {
    if (item.readAt === null) await markRead([item.id]);
    const path = subjectPath(item);
    if (path) navigate(path);
  };

  const unread = unreadIds(items);

  const columns: TableColumnsType<InboxItem> = [
    { key: 'dot', width: 28, render: (_, item) => <Badge dot={item.readAt === null} /> },
    {
      key: 'kind',
      width: 120,
      render: (_, item) => <Tag color={KIND_COLORS[item.kind] ?? 'default'}>{isNotificationKind(item.kind) ? t(`notificationKind.${item.kind}`) : item.kind}</Tag>,
    },
    {
      key: 'title',
      render: (_, item) =>
        subjectPath(item) ? (
          <Typography.Link strong={item.readAt === null} onClick={() => void open(item)} data-testid="inbox-open">
            {localName(item.title, i18n.language)}
          </Typography.Link>
        ) : (
          <Typography.Text strong={item.readAt === null}>{localName(item.title, i18n.language)}</Typography.Text>
        ),
    },
    { key: 'createdAt', width: 150, render: (_, item) => <Typography.Text type="secondary">{formatDateTime(item.createdAt, i18n.language)}</Typography.Text> },
    {
      key: 'actions',
      width: 100,
      render: (_, item) =>
        item.readAt === null ? (
          <Button size="small" type="link" onClick={() => void markRead([item.id])} data-testid="inbox-mark-read">
            {t('inbox.markRead')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      title={t('inbox.title')}
      extra={
        <Space>
          <Button
            icon={<CheckOutlined />}
            disabled={unread.length === 0}
            loading={marking}
            onClick={() => void markRead(unread).then(() => void message.success(t('inbox.allMarked')))}
            data-testid="inbox-mark-all"
          >
            {t('inbox.markAll')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
        </Space>
      }
    >
      <div className="yx-toolbar">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'unread', label: t('inbox.filterUnread') },
            { value: 'all', label: t('inbox.filterAll') },
          ]}
          data-testid="inbox-filter"
        />
      </div>
      <ErrorAlert error={error} />
      <ErrorAlert error={markError} />
      <div data-testid="inbox-list">
        <Table<InboxItem>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={loading}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          size="middle"
          showHeader={false}
          locale={{ emptyText: filter === 'unread' ? t('inbox.emptyUnread') : t('inbox.empty') }}
          onRow={(item) => ({ ...testId('inbox-item'), 'data-kind': item.kind, 'data-read': item.readAt === null ? 'false' : 'true', 'data-subject': item.subjectId }) as Record<string, string>}
        />
      </div>
    </Card>
  );
}
