import { Alert, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding, LocalizedName } from '../../api/types';
import { localName } from '../../lib/format';
import { SEVERITY_ALERT, isPrecheck, isSeverity } from './display';
import { countBySeverity, findingKey, sortFindings } from './findings';
import { SeverityTag } from './sharing-tags';

/** Counts of blocking, warning and informational findings as tags. */
export function FindingCounts({ findings }: { findings: readonly Finding[] }) {
  const { t } = useTranslation();
  const counts = countBySeverity(findings);
  if (findings.length === 0) return <Tag color="success">{t('precheck.clean')}</Tag>;
  return (
    <Space size={4} wrap data-testid="finding-counts">
      {counts.block > 0 && <Tag color="error">{t('precheck.countBlock', { count: counts.block })}</Tag>}
      {counts.warn > 0 && <Tag color="warning">{t('precheck.countWarn', { count: counts.warn })}</Tag>}
      {counts.info > 0 && <Tag color="blue">{t('precheck.countInfo', { count: counts.info })}</Tag>}
    </Space>
  );
}

/** Pre-check findings, blocking first, each with its resource and the server's message in the UI language. */
export function FindingsList({ findings, catalogNames, testId = 'findings' }: { findings: readonly Finding[]; catalogNames: ReadonlyMap<string, LocalizedName>; testId?: string }) {
  const { t, i18n } = useTranslation();
  if (findings.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid={`${testId}-empty`}>
        {t('precheck.none')}
      </Typography.Text>
    );
  }
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid={testId}>
      {sortFindings(findings).map((finding, index) => (
        <Alert
          key={findingKey(finding, index)}
          type={isSeverity(finding.severity) ? SEVERITY_ALERT[finding.severity] : 'info'}
          showIcon
          data-testid="finding"
          data-severity={finding.severity}
          data-check={finding.check}
          title={
            <Space size={4} wrap>
              <SeverityTag severity={finding.severity} />
              <Typography.Text strong>{isPrecheck(finding.check) ? t(`precheckName.${finding.check}`) : finding.check}</Typography.Text>
              {finding.catalogCode && <Typography.Text type="secondary">{localName(catalogNames.get(finding.catalogCode), i18n.language) || finding.catalogCode}</Typography.Text>}
            </Space>
          }
          description={localName(finding.message, i18n.language)}
        />
      ))}
    </Space>
  );
}
