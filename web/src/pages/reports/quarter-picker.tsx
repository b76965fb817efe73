import { Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { quarterOf, recentQuarters, type QuarterId } from './quarter';

/** How many quarters back the picker offers; older ones are opened from the report list. */
const QUARTERS_OFFERED = 12;

/** Picks a quarter of the hospital calendar, the running one first and marked as such. */
export function QuarterPicker({ value, onChange, testId }: { value: QuarterId; onChange: (quarter: QuarterId) => void; testId?: string }) {
  const { t } = useTranslation();
  const options = useMemo(() => {
    const now = new Date();
    const current = quarterOf(now);
    const quarters = recentQuarters(now, QUARTERS_OFFERED);
    if (!quarters.includes(value)) quarters.push(value);
    return quarters.map((quarter) => ({ value: quarter, label: quarter === current ? t('reports.currentQuarter', { quarter }) : quarter }));
  }, [t, value]);
  return <Select<QuarterId> value={value} onChange={onChange} options={options} style={{ width: 180 }} aria-label={t('reports.quarter')} data-testid={testId} />;
}
