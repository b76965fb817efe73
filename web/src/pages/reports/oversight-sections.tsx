import { Col, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { abbreviateHash } from '../audit/display';
import type { QuarterlyReport } from './report-model';
import { CountTable, Figures, Section } from './section';

type Props = { report: QuarterlyReport };

/** 拒绝访问 and 紧急访问: refusals by reason and user; break-glass accesses and how their reviews ended. */
export function AccessSection({ report }: Props) {
  const { t } = useTranslation();
  const { deniedAccesses: denied, emergencies } = report;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Section id="denied" title={t('reports.denied.title')}>
          <Figures items={[{ label: t('reports.denied.total'), value: denied.total }]} />
          <CountTable title={t('reports.denied.byReason')} rows={denied.byReason} />
          <CountTable title={t('reports.denied.topUsers')} rows={denied.topUsers} />
        </Section>
      </Col>
      <Col xs={24} lg={12}>
        <Section id="emergencies" title={t('reports.emergencies.title')}>
          <Figures
            items={[
              { label: t('reports.emergencies.opened'), value: emergencies.opened },
              { label: t('reports.emergencies.reviewed'), value: emergencies.reviewed },
              { label: t('reports.emergencies.unreviewed'), value: emergencies.unreviewed },
            ]}
          />
          <CountTable title={t('reports.emergencies.outcomes')} rows={emergencies.outcomes} />
        </Section>
      </Col>
    </Row>
  );
}

/** 异常告警, 违规处理 and 意见建议 (policy Ch.7 (2), (3)). */
export function SupervisionSections({ report }: Props) {
  const { t } = useTranslation();
  const { alerts, violations, suggestions } = report;
  const hours = (value: number | null) => (value === null ? '—' : t('reports.hours', { value }));
  return (
    <>
      <Section id="alerts" title={t('reports.alerts.title')}>
        <Figures
          items={[
            { label: t('reports.alerts.raised'), value: alerts.raised },
            { label: t('reports.alerts.dismissed'), value: alerts.dismissed },
            { label: t('reports.alerts.escalated'), value: alerts.escalated },
            { label: t('reports.alerts.open'), value: alerts.open },
          ]}
        />
        <CountTable title={t('reports.alerts.byRule')} rows={alerts.byRule} />
      </Section>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Section id="violations" title={t('reports.violations.title')}>
            <Figures
              items={[
                { label: t('reports.violations.opened'), value: violations.opened },
                { label: t('reports.violations.decided'), value: violations.decided },
                { label: t('reports.violations.suspensions'), value: violations.suspensions },
                { label: t('reports.violations.appeals'), value: violations.appeals },
              ]}
            />
            <CountTable title={t('reports.violations.byDecision')} rows={violations.byDecision} />
          </Section>
        </Col>
        <Col xs={24} lg={12}>
          <Section id="suggestions" title={t('reports.suggestions.title')}>
            <Figures
              items={[
                { label: t('reports.suggestions.received'), value: suggestions.received },
                { label: t('reports.suggestions.answered'), value: suggestions.answered },
                { label: t('reports.suggestions.open'), value: suggestions.open },
                { label: t('reports.suggestions.median'), value: hours(suggestions.medianHoursToAnswer) },
              ]}
            />
            <CountTable title={t('reports.suggestions.byCategory')} rows={suggestions.byCategory} />
          </Section>
        </Col>
      </Row>
    </>
  );
}

/** 审计日志完整性: the log's size, its latest signed checkpoint and the latest full verification. */
export function IntegritySection({ report }: Props) {
  const { t, i18n } = useTranslation();
  const { entriesInQuarter, entriesTotal, latestCheckpoint: checkpoint, verification } = report.auditIntegrity;
  return (
    <Section id="integrity" title={t('reports.integrity.title')}>
      <Figures
        items={[
          { label: t('reports.integrity.entriesInQuarter'), value: entriesInQuarter },
          { label: t('reports.integrity.entriesTotal'), value: entriesTotal },
          {
            label: t('reports.integrity.verification'),
            value: (
              <span data-testid="report-integrity-verification">
                <Tag color={verification.ok ? 'success' : 'error'}>{verification.ok ? t('reports.integrity.passed') : t('reports.integrity.failed')}</Tag>
                {t('reports.integrity.checked', { entries: verification.entriesChecked, at: formatDateTime(verification.checkedAt, i18n.language) })}
                {verification.mode && <Tag style={{ marginInlineStart: 8 }}>{t(`reports.integrity.mode.${verification.mode}`)}</Tag>}
                {verification.problem && <Typography.Text type="danger"> {verification.problem}</Typography.Text>}
              </span>
            ),
          },
          {
            label: t('reports.integrity.checkpoint'),
            value: checkpoint ? (
              <span>
                {t('reports.integrity.checkpointSummary', { treeSize: checkpoint.treeSize, at: formatDateTime(checkpoint.signedAt, i18n.language), keyId: checkpoint.keyId })}{' '}
                <Typography.Text code copyable={{ text: checkpoint.rootHash }} title={checkpoint.rootHash}>
                  {abbreviateHash(checkpoint.rootHash)}
                </Typography.Text>
              </span>
            ) : (
              t('reports.integrity.noCheckpoint')
            ),
          },
        ]}
      />
    </Section>
  );
}
