import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { shareRequestsApi } from '../api/endpoints';
import type { ShareRequest } from '../api/types';
import { ErrorAlert } from '../components/errors';
import { formatDateTime, localName } from '../lib/format';
import { testId } from '../lib/test-id';
import { useLoad } from '../lib/use-load';
import { useCatalogNames } from './patients/use-catalog';
import { FindingCounts } from './sharing/findings-list';
import { RequestStateTag, useStepLabel } from './sharing/sharing-tags';
import { useDirectory, useSharingSettings } from './sharing/use-sharing';

type Filter = 'open' | 'all';

const OPEN_STATES = new Set(['draft', 'in_review', 'returned', 'granted']);

/** 共享申请 · 我的申请: what I filed, where each request stands, and the way to a new one. */
export default function ShareRequestsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [items, setItems] = useState<ShareRequest[]>([]);
  const [filter, setFilter] = useState<Filter>('all');
  const [refreshTick, setRefreshTick] = useState(0);
  const { purposeLabel } = useSharingSettings();
  const directory = useDirectory();
  const stepLabel = useStepLabel(directory);
  const catalogNames = useCatalogNames();

  const { loading, error } = useLoad((signal) => shareRequestsApi.list('mine', signal), ({ items: found }) => setItems(found), [refreshTick]);
  const shown = filter === 'open' ? items.filter((r) => OPEN_STATES.has(r.state)) : items;
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const columns: TableColumnsType<ShareRequest> = [
    {
      title: t('shareRequest.title'),
      key: 'title',
      render: (_, r) => (
        <Link to={`/share-requests/${encodeURIComponent(r.id)}`} data-testid="request-open">
          {r.title}
        </Link>
      ),
    },
    { title: t('common.status'), key: 'state', width: 110, render: (_, r) => <RequestStateTag state={r.state} /> },
    { title: t('shareRequest.purpose'), key: 'purpose', width: 110, render: (_, r) => purposeLabel(r.form.purpose) },
    {
      title: t('shareRequest.resources'),
      key: 'resources',
      render: (_, r) => r.form.resources.map((res) => localName(catalogNames.get(res.catalogCode), i18n.language) || res.catalogCode).join(t('narrowing.separator')),
    },
    {
      title: t('shareRequest.progress'),
      key: 'progress',
      width: 220,
      render: (_, r) => {
        const step = r.steps[r.currentStep];
        if (r.state !== 'in_review' || !step) return '—';
        return (
          <Space orientation="vertical" size={0}>
            <span>{t('shareRequest.atStep', { index: r.currentStep + 1, total: r.steps.length, step: stepLabel(step) })}</span>
            <Space size={4}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('shareRequest.dueAt', { due: date(r.stepDueAt) })}
              </Typography.Text>
              {r.stepOverdue && <Tag color="error">{t('shareRequest.overdue')}</Tag>}
            </Space>
          </Space>
        );
      },
    },
    { title: t('precheck.title'), key: 'findings', width: 150, render: (_, r) => <FindingCounts findings={r.findings} /> },
    { title: t('common.updatedAt'), key: 'updatedAt', width: 150, render: (_, r) => date(r.updatedAt) },
  ];

  return (
    <Card
      title={t('shareRequest.listTitle')}
      extra={
        <Space>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/share-requests/new')} data-testid="share-request-new">
            {t('shareRequest.new')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('shareRequest.intro')}</Typography.Paragraph>
      <div className="yx-toolbar">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: t('shareRequest.filterAll') },
            { value: 'open', label: t('shareRequest.filterOpen') },
          ]}
        />
      </div>
      <ErrorAlert error={error} />
      <div data-testid="share-request-table">
        <Table<ShareRequest>
          rowKey="id"
          columns={columns}
          dataSource={shown}
          loading={loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('shareRequest.empty') }}
          onRow={(r) => ({ ...testId(`request-row-${r.id}`), 'data-state': r.state }) as Record<string, string>}
        />
      </div>
    </Card>
  );
}
