import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../lib/format';
import type { ReportIssue } from './report-model';
import { Section } from './section';

/** 签发信息: who issued the report and when, its digest, signature and the audit entry recording them. */
export function IssueDetails({ issue }: { issue: ReportIssue }) {
  const { t, i18n } = useTranslation();
  const code = (text: string, testId?: string) => (
    <Typography.Text code copyable={{ text }} style={{ wordBreak: 'break-all' }} data-testid={testId}>
      {text}
    </Typography.Text>
  );
  return (
    <Section id="issue" title={t('reports.issue.title')}>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'issuedAt', label: t('reports.issue.issuedAt'), children: formatTimestamp(issue.issuedAt, i18n.language) },
          { key: 'issuedBy', label: t('reports.issue.issuedBy'), children: issue.issuedBy.displayName },
          { key: 'hash', label: t('reports.issue.hash', { algorithm: issue.hashAlgorithm }), children: code(issue.hash, 'report-issue-hash') },
          { key: 'signature', label: t('reports.issue.signature', { algorithm: issue.signatureAlgorithm }), children: code(issue.signature) },
          { key: 'key', label: t('reports.issue.signingKey'), children: code(issue.signingKeyId, 'report-issue-key') },
          { key: 'seq', label: t('reports.issue.auditSeq'), children: <span data-testid="report-issue-seq">{issue.auditSeq}</span> },
        ]}
      />
    </Section>
  );
}
