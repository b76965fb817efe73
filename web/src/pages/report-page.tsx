import { ArrowLeftOutlined, DashboardOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Result, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { formatDateTime } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { GrantsAndFeedbackSection, RequestsSection, SharingSection } from './reports/activity-sections';
import { DownloadButtons } from './reports/download-buttons';
import { FindingsEditor, type FindingsText } from './reports/findings-editor';
import { IssueButton } from './reports/issue-button';
import { IssueDetails } from './reports/issue-details';
import { AccessSection, IntegritySection, SupervisionSections } from './reports/oversight-sections';
import { isQuarterId, isQuarterOver, quarterDays, type QuarterId } from './reports/quarter';
import type { QuarterlyReport } from './reports/report-model';
import { ReportStatusTag } from './reports/report-status-tag';
import { reportsApi } from './reports/reports-api';
import { VerificationPanel } from './reports/verification-panel';

const textOf = (report: QuarterlyReport): FindingsText => ({ findings: report.findings, recommendations: report.recommendations });

/**
 * One quarter's 季度审计报告: every section readable in the console, downloads in both languages, the
 * information administrator's findings on a draft, issuing a finished quarter's draft, and for an
 * issued report the verification an auditor runs.
 */
export default function ReportPage() {
  const { quarter = '' } = useParams();
  const { t } = useTranslation();
  if (!isQuarterId(quarter)) {
    return <Result status="404" title={t('reports.badQuarter', { quarter })} extra={<Link to="/reports">{t('reports.backToList')}</Link>} />;
  }
  // Keyed: another quarter starts with fresh state rather than the last one's text.
  return <QuarterReport key={quarter} quarter={quarter} />;
}

function QuarterReport({ quarter }: { quarter: QuarterId }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [report, setReport] = useState<QuarterlyReport>();
  const [text, setText] = useState<FindingsText>({ findings: '', recommendations: '' });
  const [saving, setSaving] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const [refreshTick, setRefreshTick] = useState(0);

  const show = (next: QuarterlyReport) => {
    setReport(next);
    setText(textOf(next));
  };
  const { loading, error } = useLoad((signal) => reportsApi.get(quarter, signal), show, [quarter, refreshTick]);
  const failed = (err: unknown) => {
    setActionError(err);
    // Issued meanwhile (by another administrator): show the report as it now stands.
    if (err instanceof ApiError && err.code === 'REPORT_ISSUED') setRefreshTick((n) => n + 1);
  };

  if (!report) {
    return loading ? (
      <PageSpinner />
    ) : (
      <Card>
        <ErrorAlert error={error} />
      </Card>
    );
  }

  const draft = report.status !== 'issued';
  const finished = isQuarterOver(quarter, new Date());
  const editable = draft && can('report:write');
  const dirty = text.findings !== report.findings || text.recommendations !== report.recommendations;
  const days = quarterDays(quarter);

  const save = async (): Promise<boolean> => {
    setSaving(true);
    setActionError(undefined);
    try {
      show(await reportsApi.saveDraft(quarter, text));
      void message.success(t('common.saved'));
      return true;
    } catch (err) {
      failed(err);
      return false;
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={t('reports.reportTitle', { quarter })}
      extra={
        <Space wrap>
          <Link to={`/supervision?quarter=${quarter}`}>
            <Button icon={<DashboardOutlined />}>{t('reports.toDashboard')}</Button>
          </Link>
          <Link to="/reports">
            <Button icon={<ArrowLeftOutlined />}>{t('reports.backToList')}</Button>
          </Link>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'hospital', label: t('reports.hospital'), children: report.hospital },
          { key: 'period', label: t('reports.period'), children: t('reports.days', { first: days.first, last: days.last }) },
          { key: 'generatedAt', label: t('reports.generatedAt'), children: formatDateTime(report.generatedAt, i18n.language) },
          { key: 'status', label: t('common.status'), children: <span data-testid="report-status"><ReportStatusTag report={report} /></span> },
        ]}
      />
      {draft && <Alert showIcon type={finished ? 'warning' : 'info'} title={finished ? t('reports.draftNote') : t('reports.openNote', { last: days.last })} style={{ marginBottom: 16 }} data-testid="report-draft-note" />}
      <div className="yx-toolbar" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <DownloadButtons quarter={quarter} />
        {editable && finished && (
          <IssueButton
            quarter={quarter}
            saveFirst={dirty ? save : undefined}
            onIssued={(issued) => {
              setActionError(undefined);
              show(issued);
            }}
            onError={failed}
          />
        )}
      </div>
      <ErrorAlert error={actionError} title={t('reports.actionFailed')} testId="report-action-error" />
      <SharingSection report={report} />
      <RequestsSection report={report} />
      <GrantsAndFeedbackSection report={report} />
      <AccessSection report={report} />
      <SupervisionSections report={report} />
      <IntegritySection report={report} />
      <FindingsEditor editable={editable} text={text} onChange={setText} onSave={() => void save()} saving={saving} dirty={dirty} />
      {report.issue && <IssueDetails issue={report.issue} />}
      {report.issue && <VerificationPanel quarter={quarter} />}
    </Card>
  );
}
