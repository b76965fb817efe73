import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { shareRequestsApi } from '../api/endpoints';
import type { ShareRequest } from '../api/types';
import { useMe } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { formatDateTime, localName } from '../lib/format';
import { testId } from '../lib/test-id';
import { useLoad } from '../lib/use-load';
import { useCatalogNames } from './patients/use-catalog';
import { shortId } from './sharing/display';
import { FindingCounts } from './sharing/findings-list';
import { RequestStateTag, useStepLabel } from './sharing/sharing-tags';
import { useDirectory, useSharingSettings, useUserNames } from './sharing/use-sharing';

type View = 'to-review' | 'all';

/**
 * 待我审核: share requests whose current step is mine to decide (the owning department's head, the privacy
 * officer, the information administrator), overdue ones marked; information administrators and auditors
 * may also list every request.
 */
export default function ReviewsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [view, setView] = useState<View>('to-review');
  const [items, setItems] = useState<ShareRequest[]>([]);
  const [refreshTick, setRefreshTick] = useState(0);
  const { purposeLabel } = useSharingSettings();
  const directory = useDirectory();
  const stepLabel = useStepLabel(directory);
  const catalogNames = useCatalogNames();
  const names = useUserNames(items.map((r) => r.requesterId));
  const mayListAll = me.user.roles.some((role) => role === 'info_admin' || role === 'auditor');

  const { loading, error } = useLoad((signal) => shareRequestsApi.list(view, signal), ({ items: found }) => setItems(found), [view, refreshTick]);
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const columns: TableColumnsType<ShareRequest> = [
    {
      title: t('shareRequest.title'),
      key: 'title',
      render: (_, r) => (
        <Link to={`/reviews/${encodeURIComponent(r.id)}`} data-testid="review-open">
          {r.title}
        </Link>
      ),
    },
    { title: t('shareRequest.requester'), key: 'requester', width: 110, render: (_, r) => r.people?.[r.requesterId] ?? names.get(r.requesterId) ?? shortId(r.requesterId) },
    { title: t('shareRequest.purpose'), key: 'purpose', width: 110, render: (_, r) => purposeLabel(r.form.purpose) },
    {
      title: t('shareRequest.resources'),
      key: 'resources',
      render: (_, r) => r.form.resources.map((res) => localName(catalogNames.get(res.catalogCode), i18n.language) || res.catalogCode).join(t('narrowing.separator')),
    },
    {
      title: t('shareRequest.progress'),
      key: 'step',
      width: 220,
      render: (_, r) => {
        const step = r.steps[r.currentStep];
        if (r.state !== 'in_review' || !step) return <RequestStateTag state={r.state} />;
        return t('shareRequest.atStep', { index: r.currentStep + 1, total: r.steps.length, step: stepLabel(step) });
      },
    },
    { title: t('shareRequest.submittedAt'), key: 'submittedAt', width: 150, render: (_, r) => date(r.submittedAt) },
    {
      title: t('shareRequest.stepDue'),
      key: 'due',
      width: 170,
      render: (_, r) =>
        r.state === 'in_review' ? (
          <Space size={4} wrap>
            <span>{date(r.stepDueAt)}</span>
            {r.stepOverdue && <Tag color="error">{t('shareRequest.overdue')}</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
    { title: t('precheck.title'), key: 'findings', width: 150, render: (_, r) => <FindingCounts findings={r.findings} /> },
  ];

  return (
    <Card title={t('review.queueTitle')} extra={<Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />}>
      <Typography.Paragraph type="secondary">{t('review.queueIntro')}</Typography.Paragraph>
      {mayListAll && (
        <div className="yx-toolbar">
          <Segmented<View>
            value={view}
            onChange={setView}
            options={[
              { value: 'to-review', label: t('review.viewMine') },
              { value: 'all', label: t('review.viewAll') },
            ]}
            data-testid="review-view"
          />
        </div>
      )}
      <ErrorAlert error={error} />
      <div data-testid="review-table">
        <Table<ShareRequest>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 1200 }}
          locale={{ emptyText: view === 'to-review' ? t('review.empty') : t('shareRequest.empty') }}
          rowClassName={(r) => (r.stepOverdue && r.state === 'in_review' ? 'yx-row-extra' : '')}
          onRow={(r) => testId(`review-row-${r.id}`)}
        />
      </div>
      <div className="yx-pager">
        <Typography.Text type="secondary">{t('common.total', { count: items.length })}</Typography.Text>
      </div>
    </Card>
  );
}
