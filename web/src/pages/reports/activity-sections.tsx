import { Col, Row } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartCard } from '../supervision/chart-card';
import { barChartHeight, barOption, lineOption } from '../supervision/chart-options';
import { breakdown, weeklyData } from '../supervision/figures';
import { quarterWeeks } from './quarter';
import type { QuarterlyReport } from './report-model';
import { CountTable, Figures, Section } from './section';

type Props = { report: QuarterlyReport };

/** 共享概况: reads through access by department, resource, purpose and channel, and per week. */
export function SharingSection({ report }: Props) {
  const { t, i18n } = useTranslation();
  const { sharing } = report;
  const charts = useMemo(() => {
    const weekly = weeklyData(sharing.byWeek, quarterWeeks(report.quarter, new Date()));
    const departments = breakdown(sharing.byDepartment, i18n.language);
    return { weekly: { data: weekly, option: lineOption(weekly, t('reports.sharing.reads')) }, departments: { data: departments, option: barOption(departments) } };
  }, [report.quarter, sharing, i18n.language, t]);
  return (
    <Section id="sharing" title={t('reports.sharing.title')}>
      <Figures
        items={[
          { label: t('reports.sharing.reads'), value: sharing.reads },
          { label: t('reports.sharing.patients'), value: sharing.patients },
        ]}
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 12 }}>
        <Col xs={24} lg={14}>
          <ChartCard id="report-weekly" title={t('reports.sharing.byWeek')} {...charts.weekly} height={240} />
        </Col>
        <Col xs={24} lg={10}>
          <ChartCard id="report-departments" title={t('reports.sharing.byDepartment')} {...charts.departments} height={Math.max(240, barChartHeight(charts.departments.data.length))} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <CountTable title={t('reports.sharing.byDepartment')} rows={sharing.byDepartment} testId="report-by-department" />
        </Col>
        <Col xs={24} lg={12}>
          <CountTable title={t('reports.sharing.byResource')} rows={sharing.byResource} />
        </Col>
        <Col xs={24} lg={12}>
          <CountTable title={t('reports.sharing.byPurpose')} rows={sharing.byPurpose} />
        </Col>
        <Col xs={24} lg={12}>
          <CountTable title={t('reports.sharing.byChannel')} rows={sharing.byChannel} />
        </Col>
      </Row>
    </Section>
  );
}

/** 共享申请与审查: outcomes and review times against the per-step deadline. */
export function RequestsSection({ report }: Props) {
  const { t } = useTranslation();
  const { requests } = report;
  const hours = (value: number | null) => (value === null ? '—' : t('reports.hours', { value }));
  return (
    <Section id="requests" title={t('reports.requests.title')}>
      <Figures
        items={[
          { label: t('reports.requests.filed'), value: requests.filed },
          { label: t('reports.requests.approved'), value: requests.approved },
          { label: t('reports.requests.narrowed'), value: requests.narrowed },
          { label: t('reports.requests.returned'), value: requests.returned },
          { label: t('reports.requests.rejected'), value: requests.rejected },
          { label: t('reports.requests.withdrawn'), value: requests.withdrawn },
          { label: t('reports.requests.decided'), value: requests.reviews.decided },
          { label: t('reports.requests.median'), value: hours(requests.reviews.medianHours) },
          { label: t('reports.requests.p90'), value: hours(requests.reviews.p90Hours) },
          { label: t('reports.requests.withinDeadline'), value: requests.reviews.withinDeadline },
          { label: t('reports.requests.pastDeadline'), value: requests.reviews.pastDeadline },
        ]}
      />
    </Section>
  );
}

/** 授权 and 使用反馈: grants made, ending and standing at the quarter's end; feedback due, late and missing. */
export function GrantsAndFeedbackSection({ report }: Props) {
  const { t } = useTranslation();
  const { grants, feedback } = report;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Section id="grants" title={t('reports.grants.title')}>
          <Figures
            items={[
              { label: t('reports.grants.created'), value: grants.created },
              { label: t('reports.grants.active'), value: grants.active },
              { label: t('reports.grants.expired'), value: grants.expired },
              { label: t('reports.grants.revoked'), value: grants.revoked },
              { label: t('reports.grants.suspended'), value: grants.suspended },
            ]}
          />
        </Section>
      </Col>
      <Col xs={24} lg={12}>
        <Section id="feedback" title={t('reports.feedback.title')}>
          <Figures
            items={[
              { label: t('reports.feedback.due'), value: feedback.due },
              { label: t('reports.feedback.onTime'), value: feedback.onTime },
              { label: t('reports.feedback.late'), value: feedback.late },
              { label: t('reports.feedback.overdue'), value: feedback.overdue },
            ]}
          />
        </Section>
      </Col>
    </Row>
  );
}
