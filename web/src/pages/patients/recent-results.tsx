import { Alert, Card, Empty, Input, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patientsApi } from '../../api/endpoints';
import type { RecentResults } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { useLoad } from '../../lib/use-load';
import { recordKey } from './display';
import { RecordLine, type RecordContext } from './record-line';

/**
 * 已有检查检验结果 (policy Ch.2): lab and imaging results of the last N days from every department and
 * institution the reader may see, and "is there a recent result for this test" before ordering it again.
 */
export function RecentResultsPanel({ patientId, purpose, reloadTick, context }: { patientId: string; purpose: string; reloadTick: number; context: RecordContext }) {
  const { t } = useTranslation();
  const [recent, setRecent] = useState<RecentResults>();
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState<{ code: string; result: RecentResults }>();
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>();

  const { loading, error } = useLoad((signal) => patientsApi.recentResults(patientId, undefined, purpose, signal), setRecent, [patientId, purpose, reloadTick]);

  const check = async (value: string) => {
    const text = value.trim();
    setChecked(undefined);
    setCheckError(undefined);
    // The server takes one code (or system|code) without spaces.
    if (!text || /\s/.test(text)) return;
    setChecking(true);
    try {
      setChecked({ code: text, result: await patientsApi.recentResults(patientId, text, purpose) });
    } catch (err) {
      setCheckError(err);
    } finally {
      setChecking(false);
    }
  };

  const days = recent?.days ?? checked?.result.days;

  return (
    <Card
      title={t('patientView.recent')}
      size="small"
      data-testid="recent-results"
      extra={recent && <Typography.Text type="secondary">{t('patientView.recentCount', { days: recent.days, total: recent.total })}</Typography.Text>}
    >
      {days !== undefined && <Typography.Paragraph type="secondary">{t('patientView.recentIntro', { days })}</Typography.Paragraph>}
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('patientView.recentCheckPlaceholder')}
          aria-label={t('patientView.recentCheck')}
          value={code}
          maxLength={200}
          onChange={(e) => setCode(e.target.value)}
          onSearch={(value) => void check(value)}
          loading={checking}
          data-testid="recent-check"
        />
        {checked && (
          <Alert
            type={checked.result.hasRecent ? 'warning' : 'info'}
            showIcon
            data-testid="recent-check-answer"
            title={
              checked.result.hasRecent
                ? t('patientView.recentHas', { code: checked.code, days: checked.result.days, total: checked.result.total })
                : t('patientView.recentHasNot', { code: checked.code, days: checked.result.days })
            }
          />
        )}
        <ErrorAlert error={checkError} />
      </Space>
      <ErrorAlert error={error} />
      {loading && !recent ? (
        <div className="yx-center" style={{ minHeight: 80 }}>
          <Spin />
        </div>
      ) : recent && recent.items.length > 0 ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {recent.items.map((record) => (
            <RecordLine key={recordKey(record)} record={record} context={context} showDate />
          ))}
        </Space>
      ) : (
        recent && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('patientView.recentNone', { days: recent.days })} />
      )}
    </Card>
  );
}
