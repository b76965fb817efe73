import { ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { referralsApi } from '../api/endpoints';
import type { Referral, ReferralListView } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { useLoad } from '../lib/use-load';
import { referralTabs, type ReferralTab as Tab } from './referrals/display';
import { InboundTab } from './referrals/inbound-tab';
import { ReferralsTable } from './referrals/referrals-table';

function OutboundTab({ view, refreshTick, onCount }: { view: ReferralListView; refreshTick: number; onCount?: (count: number) => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Referral[]>([]);
  const { loading, error } = useLoad(
    (signal) => referralsApi.list(view, signal),
    ({ items: found }) => {
      setItems(found);
      onCount?.(found.length);
    },
    [view, refreshTick],
  );
  return (
    <>
      <Typography.Paragraph type="secondary">{t(`referral.intro.${view}`)}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <ReferralsTable items={items} loading={loading} emptyText={t(view === 'to-review' ? 'referral.emptyToReview' : 'referral.empty')} testId={`referrals-${view}`} />
    </>
  );
}

/**
 * 转诊管理: referrals out — mine, my department's, the fast-track review queue (deadlines counting
 * down, overdue ones highlighted), everything for overseers — and referrals partners sent in to my
 * department. The tab is in the URL so a link can open one.
 */
export default function ReferralsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useSession();
  const [searchParams, setSearchParams] = useSearchParams();
  const [refreshTick, setRefreshTick] = useState(0);
  const [toReview, setToReview] = useState<number>();
  const tabs = referralTabs(me.user.roles, (permission) => can(permission));
  const requested = searchParams.get('tab') as Tab | null;
  const tab = requested && tabs.includes(requested) ? requested : tabs[0];

  const label = (key: Tab) => {
    if (key === 'to-review') {
      return (
        <span data-testid="referrals-tab-to-review">
          {t('referral.tab.to-review')} {toReview ? <Badge count={toReview} size="small" /> : null}
        </span>
      );
    }
    return <span data-testid={`referrals-tab-${key}`}>{t(`referral.tab.${key}`)}</span>;
  };

  return (
    <Card title={t('referral.pageTitle')} extra={<Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />}>
      {tab ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearchParams({ tab: key }, { replace: true })}
          items={tabs.map((key) => ({
            key,
            label: label(key),
            // The review queue is read at once so its count shows on the tab.
            forceRender: key === 'to-review',
            children: key === 'inbound' ? <InboundTab refreshTick={refreshTick} /> : <OutboundTab view={key} refreshTick={refreshTick} {...(key === 'to-review' ? { onCount: setToReview } : {})} />,
          }))}
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('referral.noTabs')}</Typography.Paragraph>
      )}
    </Card>
  );
}
