import { BarChartOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { suggestionsApi } from '../../api/endpoints';
import type { SuggestionStatistics } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { localName } from '../../lib/format';
import { busiestFirst, hospitalQuarter } from './statistics';

/**
 * The quarter's figures for handlers (received, answered, awaiting an answer, by category), as the
 * quarterly audit report counts them. The report's draft is computed over the whole quarter when it is
 * read, so the figures are fetched only when asked for.
 */
export function StatisticsCard() {
  const { t, i18n } = useTranslation();
  const [quarter] = useState(() => hospitalQuarter(new Date()));
  const [statistics, setStatistics] = useState<SuggestionStatistics>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();

  const load = async () => {
    setLoading(true);
    setError(undefined);
    try {
      setStatistics(await suggestionsApi.quarterStatistics(quarter));
    } catch (cause) {
      setError(cause);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('suggestion.statsTitle', { quarter })}
      extra={
        <Button size="small" icon={<BarChartOutlined />} loading={loading} onClick={() => void load()} data-testid="suggestion-stats-load">
          {t('suggestion.statsLoad')}
        </Button>
      }
      style={{ marginBottom: 16 }}
      data-testid="suggestion-stats"
    >
      <ErrorAlert error={error} />
      {!statistics ? (
        <Typography.Text type="secondary">{t('suggestion.statsIntro')}</Typography.Text>
      ) : (
        <Row gutter={[24, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('suggestion.statsReceived')} value={statistics.received} data-testid="suggestion-stats-received" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('suggestion.statsAnswered')} value={statistics.answered} data-testid="suggestion-stats-answered" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('suggestion.statsOpen')} value={statistics.open} data-testid="suggestion-stats-open" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('suggestion.statsMedian')} value={statistics.medianHoursToAnswer === null ? '—' : t('suggestion.statsHours', { hours: statistics.medianHoursToAnswer })} />
          </Col>
          <Col span={24}>
            <Space wrap size={[8, 8]}>
              <Typography.Text type="secondary">{t('suggestion.statsByCategory')}</Typography.Text>
              {busiestFirst(statistics.byCategory).map((row) => (
                <Tag key={row.key} color={row.count > 0 ? 'blue' : 'default'} data-testid={`suggestion-stats-category-${row.key}`} data-count={row.count}>
                  {localName(row.label, i18n.language)} {row.count}
                </Tag>
              ))}
            </Space>
          </Col>
        </Row>
      )}
    </Card>
  );
}
