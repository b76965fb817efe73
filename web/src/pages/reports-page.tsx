import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../components/errors';
import { formatDateTime } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { abbreviateHash } from './audit/display';
import { reportRows, type ReportRow } from './reports/display';
import { quarterDays, quarterFromParts, quarterOf } from './reports/quarter';
import type { ReportListItem } from './reports/report-model';
import { RowStatusTag } from './reports/report-status-tag';
import { reportsApi } from './reports/reports-api';

/** The running quarter and the three before it are always listed; any older one opens from the picker. */
const RECENT_QUARTERS = 4;

const quarterOfDay = (day: Dayjs) => quarterFromParts(day.year(), Math.floor(day.month() / 3) + 1);

/**
 * 季度审计报告 (policy Ch.7 (1)): every quarter has a report — issued ones frozen and signed, the
 * others drafts computed from the data when opened.
 */
export default function ReportsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [items, setItems] = useState<ReportListItem[]>([]);
  const [refreshTick, setRefreshTick] = useState(0);
  const { loading, error } = useLoad((signal) => reportsApi.list(signal), ({ items: found }) => setItems(found), [refreshTick]);
  const rows = useMemo(() => reportRows(items, new Date(), RECENT_QUARTERS), [items]);
  const current = quarterOf(new Date());

  const columns: TableColumnsType<ReportRow> = [
    {
      title: t('reports.quarter'),
      key: 'quarter',
      width: 130,
      render: (_, row) => (
        <Link to={`/reports/${row.quarter}`} data-testid={`report-link-${row.quarter}`}>
          {row.quarter}
        </Link>
      ),
    },
    {
      title: t('reports.period'),
      key: 'period',
      width: 220,
      render: (_, row) => {
        const days = quarterDays(row.quarter);
        return t('reports.days', { first: days.first, last: days.last });
      },
    },
    { title: t('common.status'), key: 'status', width: 120, render: (_, row) => <RowStatusTag status={row.status} /> },
    { title: t('reports.issuedAt'), key: 'issuedAt', width: 170, render: (_, row) => (row.issuedAt ? formatDateTime(row.issuedAt, i18n.language) : '—') },
    {
      title: t('reports.hash'),
      key: 'hash',
      render: (_, row) =>
        row.hash ? (
          <Typography.Text code copyable={{ text: row.hash }} title={row.hash}>
            {abbreviateHash(row.hash)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: t('reports.auditSeq'), key: 'auditSeq', width: 110, render: (_, row) => row.auditSeq ?? '—' },
  ];

  return (
    <Card title={t('reports.title')} extra={<Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />}>
      <Typography.Paragraph type="secondary">{t('reports.intro')}</Typography.Paragraph>
      <div className="yx-toolbar">
        <Space>
          <Typography.Text>{t('reports.openOther')}</Typography.Text>
          <DatePicker
            picker="quarter"
            data-testid="reports-open-quarter"
            placeholder={t('reports.pickQuarter')}
            // Later quarters have no data yet.
            disabledDate={(day) => (quarterOfDay(day) ?? current) > current}
            onChange={(day: Dayjs | null) => {
              const quarter = day ? quarterOfDay(day) : undefined;
              if (quarter) void navigate(`/reports/${quarter}`);
            }}
          />
        </Space>
      </div>
      <ErrorAlert error={error} />
      <div data-testid="reports-table">
        <Table<ReportRow> rowKey="quarter" columns={columns} dataSource={rows} loading={loading} pagination={false} size="middle" scroll={{ x: 900 }} />
      </div>
    </Card>
  );
}
