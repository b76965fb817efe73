import { AlertOutlined, FileTextOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Card, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { formatDateTime } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { isQuarterId, quarterDays, quarterOf, type QuarterId } from './reports/quarter';
import { QuarterPicker } from './reports/quarter-picker';
import type { QuarterlyReport } from './reports/report-model';
import { ReportStatusTag } from './reports/report-status-tag';
import { reportsApi } from './reports/reports-api';
import { DashboardCharts } from './supervision/dashboard-charts';
import { HeadlineFigures } from './supervision/headline-figures';

/**
 * 监督看板 (policy 6.1, Ch.7): the information administrator's and the auditor's view of one quarter,
 * drawn from the quarter's report — the issued one as issued, otherwise the draft the server computes
 * on reading. The quarter is in the address so a link or a reload shows the same one.
 */
export default function SupervisionPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const asked = params.get('quarter');
  const quarter: QuarterId = isQuarterId(asked) ? asked : quarterOf(new Date());
  const [report, setReport] = useState<QuarterlyReport>();
  const [refreshTick, setRefreshTick] = useState(0);

  const { loading, error } = useLoad(
    (signal) => reportsApi.get(quarter, signal),
    setReport,
    [quarter, refreshTick],
  );
  // A report of another quarter stays hidden while the picked one loads.
  const shown = report?.quarter === quarter ? report : undefined;
  const days = quarterDays(quarter);

  return (
    <Card
      title={t('supervision.title')}
      extra={
        <Space wrap>
          <QuarterPicker value={quarter} onChange={(next) => setParams({ quarter: next })} testId="supervision-quarter" />
          <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('supervision.intro')}</Typography.Paragraph>
      <div className="yx-toolbar" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Space wrap data-testid="supervision-status">
          <Typography.Text strong>{t('supervision.period', { quarter, first: days.first, last: days.last })}</Typography.Text>
          {shown && <ReportStatusTag report={shown} />}
          {shown && <Typography.Text type="secondary">{t('supervision.generatedAt', { at: formatDateTime(shown.generatedAt, i18n.language) })}</Typography.Text>}
        </Space>
        <Space wrap>
          <Link to={`/reports/${quarter}`} data-testid="supervision-report-link">
            <Button icon={<FileTextOutlined />}>{t('supervision.openReport')}</Button>
          </Link>
          {can('alert:read') && (
            <Link to="/alerts" data-testid="supervision-alerts-link">
              <Button icon={<AlertOutlined />}>{t('supervision.openAlerts')}</Button>
            </Link>
          )}
          {can('violation:read') && (
            <Link to="/violations" data-testid="supervision-violations-link">
              <Button icon={<WarningOutlined />}>{t('supervision.openViolations')}</Button>
            </Link>
          )}
        </Space>
      </div>
      <ErrorAlert error={error} />
      {shown ? (
        <div data-testid="supervision-dashboard" data-quarter={shown.quarter}>
          <HeadlineFigures report={shown} />
          <DashboardCharts report={shown} />
        </div>
      ) : (
        loading && <Skeleton active paragraph={{ rows: 8 }} />
      )}
    </Card>
  );
}
