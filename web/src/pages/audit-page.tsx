import { Card, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckpointsTab } from './audit/checkpoints-tab';
import { AuditEventsTab } from './audit/events-tab';
import { VerificationTab } from './audit/verification-tab';

type TabKey = 'events' | 'checkpoints' | 'verifications';

export default function AuditPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabKey>('events');

  return (
    <Card title={t('audit.title')}>
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as TabKey)}
        items={[
          { key: 'events', label: <span data-testid="audit-events-tab">{t('audit.tabEvents')}</span>, children: <AuditEventsTab /> },
          {
            key: 'checkpoints',
            label: <span data-testid="audit-checkpoints-tab">{t('audit.tabCheckpoints')}</span>,
            // Loaded on first visit only; the events tab stays mounted so its filters survive switching.
            children: <CheckpointsTab />,
          },
          {
            key: 'verifications',
            label: <span data-testid="audit-verification-tab">{t('auditVerification.tab')}</span>,
            children: <VerificationTab />,
          },
        ]}
      />
    </Card>
  );
}
