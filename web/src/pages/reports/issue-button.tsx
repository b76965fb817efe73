import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { testId } from '../../lib/test-id';
import type { QuarterId } from './quarter';
import type { QuarterlyReport } from './report-model';
import { reportsApi } from './reports-api';

/**
 * 签发: freezes the report, signs it and records its hash in the audit log, after a confirmation that
 * says so. Unsaved findings are saved first, or they would be left out of the signed report. A refusal
 * (the quarter still open by the server's clock, issued meanwhile by someone else) goes to `onError`.
 */
export function IssueButton({ quarter, saveFirst, onIssued, onError }: { quarter: QuarterId; saveFirst: (() => Promise<boolean>) | undefined; onIssued: (report: QuarterlyReport) => void; onError: (error: unknown) => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [issuing, setIssuing] = useState(false);

  const issue = async () => {
    if (saveFirst && !(await saveFirst())) return;
    setIssuing(true);
    try {
      onIssued(await reportsApi.issue(quarter));
      void message.success(t('reports.issue.done', { quarter }));
    } catch (err) {
      onError(err);
    } finally {
      setIssuing(false);
    }
  };

  const confirm = () =>
    modal.confirm({
      title: t('reports.issue.confirmTitle', { quarter }),
      content: (
        <div data-testid="report-issue-confirm">
          <Typography.Paragraph>{t('reports.issue.confirmText')}</Typography.Paragraph>
          {saveFirst && <Typography.Paragraph type="warning">{t('reports.issue.confirmUnsaved')}</Typography.Paragraph>}
        </div>
      ),
      okText: t('reports.issue.button'),
      okButtonProps: testId('report-issue-ok'),
      cancelText: t('common.cancel'),
      onOk: issue,
    });

  return (
    <Button type="primary" icon={<SafetyCertificateOutlined />} loading={issuing} onClick={confirm} data-testid="report-issue">
      {t('reports.issue.button')}
    </Button>
  );
}
