import { ArrowLeftOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Popconfirm, Row, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { referralsApi } from '../api/endpoints';
import type { Referral } from '../api/types';
import { useMe } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { useLoad } from '../lib/use-load';
import { useCatalogFields, useCatalogNames } from './patients/use-catalog';
import { isPending, mayDecideReferral, mayWithdrawReferral } from './referrals/display';
import { DocumentsCard, FastTrackCard, GrantsCard, ReferralFacts, ReferralSteps, ReviewsCard } from './referrals/referral-sections';
import { ReferralStatusTag, UrgencyTag, useReferralStepLabel } from './referrals/referral-tags';
import { ReviewPanel } from './sharing/review-panel';
import { useDirectory, useViewer } from './sharing/use-sharing';

/**
 * One referral: who referred whom to which partner and why, the fast-track steps with the deadline
 * counting down, the reviews, what is shared (document set and grants), the partner's reads and the
 * time to approval against the target. The current step's reviewer decides here; the referrer may
 * withdraw before a decision. Others than the referrer's department, the reviewers and overseers are
 * told it does not exist (the server's 404).
 */
export default function ReferralPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const me = useMe();
  const [referral, setReferral] = useState<Referral>();
  const [refreshTick, setRefreshTick] = useState(0);
  const [actionError, setActionError] = useState<unknown>();
  const [withdrawing, setWithdrawing] = useState(false);
  const directory = useDirectory();
  const viewer = useViewer(directory);
  const stepLabel = useReferralStepLabel(directory);
  const catalogNames = useCatalogNames();
  const catalogFields = useCatalogFields(referral?.documents.map((d) => d.catalogCode) ?? []);
  const catalog = { names: catalogNames, fields: catalogFields };

  const { loading, error } = useLoad((signal) => referralsApi.get(id, signal), setReferral, [id, refreshTick]);
  const shown = referral?.id === id ? referral : undefined;

  if (loading && !shown) return <PageSpinner />;
  if (!shown) {
    return (
      <Card>
        <ErrorAlert error={error} />
        <Link to="/referrals">
          <Button icon={<ArrowLeftOutlined />}>{t('referral.backToList')}</Button>
        </Link>
      </Card>
    );
  }

  const deciding = mayDecideReferral(shown, viewer);
  const currentStep = shown.steps[shown.currentStep];
  const withdraw = async () => {
    setWithdrawing(true);
    setActionError(undefined);
    try {
      setReferral(await referralsApi.withdraw(shown.id));
      void message.success(t('referral.withdrawn'));
    } catch (err) {
      setActionError(err);
    } finally {
      setWithdrawing(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="referral-page" data-status={shown.status}>
      <Card
        title={
          <Space wrap>
            <span>{t('referral.detailTitle')}</span>
            <ReferralStatusTag status={shown.status} />
            <UrgencyTag urgency={shown.urgency} />
          </Space>
        }
        extra={
          <Space wrap>
            {mayWithdrawReferral(shown, me.user.id) && (
              <Popconfirm title={t('referral.withdrawConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void withdraw()}>
                <Button danger icon={<StopOutlined />} loading={withdrawing} data-testid="referral-withdraw">
                  {t('referral.withdraw')}
                </Button>
              </Popconfirm>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} data-testid="referral-refresh" />
            <Link to="/referrals">
              <Button icon={<ArrowLeftOutlined />}>{t('referral.backToList')}</Button>
            </Link>
          </Space>
        }
      >
        <ErrorAlert error={actionError} testId="referral-action-error" />
        <ErrorAlert error={error} />
        {isPending(shown) && shown.overdue && <Alert type="error" showIcon title={t('referral.overdueAlert')} style={{ marginBottom: 16 }} data-testid="referral-overdue" />}
        {shown.status === 'returned' && <Alert type="warning" showIcon title={t('referral.returnedHint')} style={{ marginBottom: 16 }} />}
        <ReferralSteps referral={shown} stepLabel={stepLabel} />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small">
              <ReferralFacts referral={shown} />
            </Card>
            <DocumentsCard referral={shown} catalog={catalog} />
            {shown.grantIds.length > 0 && <GrantsCard referral={shown} catalog={catalog} />}
            <ReviewsCard referral={shown} stepLabel={stepLabel} />
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }} className="yx-sticky">
            <FastTrackCard referral={shown} />
            {deciding && currentStep && (
              <ReviewPanel
                form={{
                  resources: shown.documents.map((d) => ({ catalogCode: d.catalogCode, fields: d.fields.map((name) => ({ name })) })),
                  accessDays: shown.accessDays,
                  patients: { kind: 'patients', patientIds: [shown.patientId] },
                  identification: 'identified',
                }}
                submit={({ narrowing, ...input }) => {
                  // A referral names one patient: its narrowing never lists patients.
                  const { patientIds: _one, ...kept } = narrowing ?? {};
                  return referralsApi.review(shown.id, { ...input, ...(narrowing ? { narrowing: kept } : {}) });
                }}
                stepLabel={stepLabel(currentStep)}
                catalogNames={catalogNames}
                catalogFields={catalogFields}
                onDecided={(decided) => {
                  setReferral(decided);
                  void message.success(t('review.decided'));
                }}
              />
            )}
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
