import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportRowStatus } from './display';
import { isQuarterOver } from './quarter';
import type { QuarterlyReport } from './report-model';

const COLORS: Record<ReportRowStatus, string> = { issued: 'success', draft: 'warning', open: 'processing' };

export function RowStatusTag({ status }: { status: ReportRowStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-status={status}>
      {t(`reports.status.${status}`)}
    </Tag>
  );
}

/** Issued, a draft ready to be issued, or the running quarter's live draft. */
export function ReportStatusTag({ report }: { report: QuarterlyReport }) {
  const status: ReportRowStatus = report.status === 'issued' ? 'issued' : isQuarterOver(report.quarter, new Date()) ? 'draft' : 'open';
  return <RowStatusTag status={status} />;
}
