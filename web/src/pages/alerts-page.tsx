import { ReloadOutlined, ScanOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertsApi } from '../api/endpoints';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { AlertsTab } from './alerts/alerts-tab';
import { StaffLinksTab } from './alerts/staff-links-tab';

/**
 * 异常告警 (policy 6.1, issue 7): the anomalies the scheduled scan found in the audit log, each with its
 * evidence, for the overseers; the information administrator triages them, scans now, and keeps the
 * staff–patient links the colleague rule needs.
 */
export default function AlertsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const manage = can('alert:manage');
  const [refreshTick, setRefreshTick] = useState(0);
  const [scanning, setScanning] = useState(false);
  const [scanError, setScanError] = useState<unknown>();

  const scan = async () => {
    setScanning(true);
    setScanError(undefined);
    try {
      const result = await alertsApi.scan();
      void message.success(t('alerts.scanned', { count: result.raised }));
      setRefreshTick((n) => n + 1);
    } catch (err) {
      setScanError(err);
    } finally {
      setScanning(false);
    }
  };

  const alertsTab = { key: 'alerts', label: <span data-testid="alerts-tab">{t('alerts.tabAlerts')}</span>, children: <AlertsTab refreshTick={refreshTick} /> };
  const linksTab = { key: 'links', label: <span data-testid="staff-links-tab">{t('alerts.tabLinks')}</span>, children: <StaffLinksTab /> };

  return (
    <Card
      title={t('alerts.title')}
      extra={
        <Space>
          {manage && (
            <Button icon={<ScanOutlined />} loading={scanning} onClick={() => void scan()} data-testid="alerts-scan">
              {t('alerts.scan')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('alerts.intro')}</Typography.Paragraph>
      <ErrorAlert error={scanError} testId="alerts-scan-error" />
      {/* Staff links are the information administrator's alone (alert:manage); others see only the list. */}
      <Tabs items={manage ? [alertsTab, linksTab] : [alertsTab]} />
    </Card>
  );
}
