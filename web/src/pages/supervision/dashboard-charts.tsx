import { Col, Row, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { quarterWeeks } from '../reports/quarter';
import type { QuarterlyReport } from '../reports/report-model';
import { ChartCard } from './chart-card';
import { barChartHeight, barOption, lineOption, pieOption } from './chart-options';
import { breakdown, feedbackData, reviewData, triageData, weeklyData } from './figures';

const PIE_HEIGHT = 240;

/** The dashboard's charts: sharing volume, review times, anomaly alerts and usage feedback of one quarter. */
export function DashboardCharts({ report }: { report: QuarterlyReport }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const hours = (value: number | null) => (value === null ? '—' : t('reports.hours', { value }));

  const charts = useMemo(() => {
    const weekly = weeklyData(report.sharing.byWeek, quarterWeeks(report.quarter, new Date()));
    const departments = breakdown(report.sharing.byDepartment, language);
    const purposes = breakdown(report.sharing.byPurpose, language);
    const channels = breakdown(report.sharing.byChannel, language);
    const reviews = reviewData(report, (part) => t(`supervision.review.${part}`));
    const rules = breakdown(report.alerts.byRule, language);
    const triage = triageData(report, (part) => t(`supervision.triage.${part}`));
    const feedback = feedbackData(report, (part) => t(`supervision.feedback.${part}`));
    return {
      weekly: { data: weekly, option: lineOption(weekly, t('supervision.chart.weekly')) },
      departments: { data: departments, option: barOption(departments) },
      purposes: { data: purposes, option: barOption(purposes) },
      channels: { data: channels, option: pieOption(channels) },
      reviews: { data: reviews, option: pieOption(reviews) },
      rules: { data: rules, option: barOption(rules) },
      triage: { data: triage, option: pieOption(triage) },
      feedback: { data: feedback, option: barOption(feedback) },
    };
  }, [report, language, t]);

  const { reviews } = report.requests;
  const barHeight = (rows: number) => barChartHeight(Math.max(rows, 3));

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <ChartCard id="weekly" title={t('supervision.chart.weekly')} {...charts.weekly} height={260} />
      </Col>
      <Col xs={24} lg={8}>
        <ChartCard id="departments" title={t('supervision.chart.departments')} {...charts.departments} height={barHeight(charts.departments.data.length)} />
      </Col>
      <Col xs={24} lg={8}>
        <ChartCard id="purposes" title={t('supervision.chart.purposes')} {...charts.purposes} height={barHeight(charts.purposes.data.length)} />
      </Col>
      <Col xs={24} lg={8}>
        <ChartCard id="channels" title={t('supervision.chart.channels')} {...charts.channels} height={PIE_HEIGHT} />
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard
          id="reviews"
          title={t('supervision.chart.reviews')}
          {...charts.reviews}
          height={PIE_HEIGHT}
          extra={
            <Typography.Text type="secondary" data-testid="supervision-review-times">
              {t('supervision.reviewTimes', { median: hours(reviews.medianHours), p90: hours(reviews.p90Hours) })}
            </Typography.Text>
          }
        />
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard id="feedback" title={t('supervision.chart.feedback')} {...charts.feedback} height={PIE_HEIGHT} />
      </Col>
      <Col xs={24} lg={16}>
        <ChartCard id="alert-rules" title={t('supervision.chart.alertRules')} {...charts.rules} height={Math.max(PIE_HEIGHT, barChartHeight(charts.rules.data.length))} />
      </Col>
      <Col xs={24} lg={8}>
        <ChartCard id="alert-triage" title={t('supervision.chart.alertTriage')} {...charts.triage} height={PIE_HEIGHT} />
      </Col>
    </Row>
  );
}
