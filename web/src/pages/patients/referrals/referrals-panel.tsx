import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { referralsApi } from '../../../api/endpoints';
import type { PartnerReads, Referral } from '../../../api/types';
import { useMe, useSession } from '../../../auth/session';
import { ErrorAlert } from '../../../components/errors';
import { useLoad } from '../../../lib/use-load';
import { patientListViews, referralsOf } from '../../referrals/display';
import { PartnerReadsText } from '../../referrals/referral-tags';
import { ReferralsTable } from '../../referrals/referrals-table';
import { ReferModal } from './refer-modal';

/** Partner reads are read per referral (detail only); a patient has few referrals, and only approved ones are read. */
const READS_LOOKED_UP = 20;

/**
 * 转诊: the patient's referrals to partner institutions — where each stands, the time to approval
 * against the fast-track target, the partner's reads — and the form to refer (referral:write). Which
 * referrals a reader sees is the server's decision: the referrer's department, the reviewers, overseers.
 */
export function ReferralsPanel({
  patientId,
  reloadTick = 0,
  referable = true,
  onRecordConsent,
}: {
  patientId: string;
  reloadTick?: number;
  /** False when the reader does not reach the patient for treatment: the server would refuse to refer them. */
  referable?: boolean;
  onRecordConsent: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useMe();
  const mayRefer = can('referral:write') && referable;
  const views = patientListViews(me.user.roles, can('share:review'));
  const [referrals, setReferrals] = useState<{ patientId: string; items: Referral[] }>();
  const [reads, setReads] = useState<Map<string, PartnerReads | null>>(new Map());
  const [tick, setTick] = useState(0);
  const [referring, setReferring] = useState(false);

  const { loading, error } = useLoad(
    async (signal) => ({ patientId, items: referralsOf(await Promise.all(views.map(async (view) => (await referralsApi.list(view, signal, patientId)).items)), patientId) }),
    setReferrals,
    [patientId, views.join(','), tick, reloadTick],
  );
  const items = referrals?.patientId === patientId ? referrals.items : [];
  const approved = items.filter((r) => r.status === 'approved').slice(0, READS_LOOKED_UP).map((r) => r.id);
  useLoad(
    async (signal) => new Map(await Promise.all(approved.map(async (id) => [id, await referralsApi.get(id, signal).then((r) => r.partnerReads, () => null)] as const))),
    setReads,
    [approved.join(','), tick, reloadTick],
  );

  const extra: TableColumnsType<Referral> = [{ title: t('referral.partnerReads'), key: 'reads', width: 170, render: (_, r) => (r.status === 'approved' ? <PartnerReadsText reads={reads.get(r.id)} /> : '—') }];

  return (
    <Card
      size="small"
      title={t('referral.panelTitle')}
      extra={
        <Space>
          <Button size="small" icon={<ReloadOutlined />} onClick={() => setTick((n) => n + 1)} aria-label={t('common.refresh')} />
          {mayRefer && (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setReferring(true)} data-testid="referral-new">
              {t('referral.refer')}
            </Button>
          )}
        </Space>
      }
      data-testid="referrals-panel"
    >
      <Typography.Paragraph type="secondary">{t('referral.panelIntro')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <ReferralsTable items={items} loading={loading} showPatient={false} emptyText={t('referral.emptyPatient')} extra={extra} testId="patient-referrals" />
      {mayRefer && (
        <ReferModal
          open={referring}
          patientId={patientId}
          onClose={() => setReferring(false)}
          onReferred={(referral) => {
            setReferring(false);
            setReferrals((shown) => (shown?.patientId === patientId ? { patientId, items: [referral, ...shown.items.filter((r) => r.id !== referral.id)] } : shown));
            setTick((n) => n + 1);
          }}
          onRecordConsent={() => {
            setReferring(false);
            onRecordConsent();
          }}
        />
      )}
    </Card>
  );
}
