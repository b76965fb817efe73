import { Card, Empty } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/echart';
import { isEmptyData, type ChartOption, type Datum } from './chart-options';

/**
 * A titled chart, or a plain note when the quarter has nothing to draw: an empty quarter shows no
 * axes without bars and no blank pie.
 */
export function ChartCard({ id, title, data, option, height, extra }: { id: string; title: string; data: readonly Datum[]; option: ChartOption; height: number; extra?: ReactNode }) {
  const { t } = useTranslation();
  const empty = isEmptyData(data);
  return (
    <Card size="small" title={title} extra={extra} data-testid={`chart-${id}`} data-empty={empty ? 'true' : 'false'} style={{ height: '100%' }}>
      {empty ? (
        <div className="yx-center" style={{ minHeight: Math.min(height, 200) }}>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.noData')} />
        </div>
      ) : (
        <EChart option={option} height={height} label={title} testId={`chart-${id}-canvas`} />
      )}
    </Card>
  );
}
