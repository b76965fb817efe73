import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuarterlyReport } from '../reports/report-model';
import { COLORS } from './chart-options';
import { headlines } from './figures';

/** The quarter at a glance; figures that call for action turn red when not zero. */
export function HeadlineFigures({ report }: { report: QuarterlyReport }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {headlines(report).map((figure) => (
        <Col key={figure.key} xs={12} md={6}>
          <Card size="small" data-testid={`headline-${figure.key}`}>
            <Statistic
              title={t(`supervision.headline.${figure.key}`)}
              value={figure.value}
              suffix={figure.of !== undefined ? t('supervision.of', { total: figure.of }) : undefined}
              styles={{ content: figure.attention ? { color: COLORS.danger } : {} }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
