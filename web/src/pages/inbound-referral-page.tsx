import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Collapse, Descriptions, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { referralsApi } from '../api/endpoints';
import type { InboundReferral } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { formatDateTime, localName } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { elideInlineData } from './referrals/display';
import { InboundDecisionModal, type InboundDecision } from './referrals/inbound-decision-modal';
import { AttachmentLinks, InboundPatient } from './referrals/inbound-parts';
import { InboundStatusTag, UrgencyTag } from './referrals/referral-tags';

/**
 * 转入申请: a referral a partner sent to the reader's department — the patient (ours when matched),
 * the sender, the reason, the documents to download — accepted or declined here with a reason the
 * sender reads back on its ServiceRequest. Other departments are told it does not exist.
 */
export default function InboundReferralPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { can } = useSession();
  const [referral, setReferral] = useState<InboundReferral>();
  const [refreshTick, setRefreshTick] = useState(0);
  const [deciding, setDeciding] = useState<InboundDecision>();
  const { loading, error } = useLoad((signal) => referralsApi.inboundOne(id, signal), setReferral, [id, refreshTick]);
  const shown = referral?.id === id ? referral : undefined;
  const back = (
    <Link to="/referrals?tab=inbound">
      <Button icon={<ArrowLeftOutlined />}>{t('inbound.backToList')}</Button>
    </Link>
  );

  if (loading && !shown) return <PageSpinner />;
  if (!shown) {
    return (
      <Card>
        <ErrorAlert error={error} />
        {back}
      </Card>
    );
  }
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');
  const open = shown.status === 'received' && can('referral:write');

  return (
    <Card
      title={
        <Space wrap>
          <span>{t('inbound.detailTitle')}</span>
          <InboundStatusTag status={shown.status} />
          <UrgencyTag urgency={shown.priority} />
        </Space>
      }
      extra={
        <Space wrap>
          {open && (
            <>
              <Button type="primary" icon={<CheckOutlined />} onClick={() => setDeciding('accept')} data-testid="inbound-accept">
                {t('inbound.accept')}
              </Button>
              <Button danger icon={<CloseOutlined />} onClick={() => setDeciding('decline')} data-testid="inbound-decline">
                {t('inbound.decline')}
              </Button>
            </>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
          {back}
        </Space>
      }
      data-testid="inbound-page"
      data-status={shown.status}
    >
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Descriptions size="small" bordered column={1} styles={{ label: { whiteSpace: 'nowrap', width: 140 } }} data-testid="inbound-facts">
            <Descriptions.Item label={t('inbound.sender')}>
              <span data-testid="inbound-sender">{localName(shown.sender.name, i18n.language) || shown.sender.code}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('inbound.department')}>{localName(shown.department.name, i18n.language) || shown.department.code}</Descriptions.Item>
            <Descriptions.Item label={t('inbound.patient')}>
              <InboundPatient patient={shown.patient} />
            </Descriptions.Item>
            <Descriptions.Item label={t('inbound.reason')}>
              <span style={{ whiteSpace: 'pre-wrap' }} data-testid="inbound-reason">
                {shown.reason || '—'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('inbound.attachments')}>
              <AttachmentLinks referral={shown} />
            </Descriptions.Item>
            <Descriptions.Item label={t('inbound.authoredOn')}>{date(shown.authoredOn)}</Descriptions.Item>
            <Descriptions.Item label={t('inbound.receivedAt')}>{date(shown.receivedAt)}</Descriptions.Item>
            {shown.decidedAt && (
              <>
                <Descriptions.Item label={t('inbound.decidedBy')}>
                  {shown.decidedBy?.displayName ?? '—'} · {date(shown.decidedAt)}
                </Descriptions.Item>
                <Descriptions.Item label={t('inbound.decisionReason')}>
                  <span data-testid="inbound-decision">{shown.decisionReason ?? '—'}</span>
                </Descriptions.Item>
              </>
            )}
          </Descriptions>
        </Col>
        <Col xs={24} xl={9}>
          <Typography.Paragraph type="secondary">{t('inbound.fhirIntro', { status: shown.fhirStatus })}</Typography.Paragraph>
          {shown.serviceRequest && (
            <Collapse
              size="small"
              items={[
                {
                  key: 'fhir',
                  label: t('inbound.fhirTitle'),
                  children: (
                    <pre className="yx-json" data-testid="inbound-fhir">
                      {JSON.stringify(elideInlineData(shown.serviceRequest), null, 2)}
                    </pre>
                  ),
                },
              ]}
            />
          )}
        </Col>
      </Row>
      <InboundDecisionModal
        referral={deciding ? shown : undefined}
        decision={deciding ?? 'accept'}
        onClose={() => setDeciding(undefined)}
        onDecided={(decided) => {
          setDeciding(undefined);
          setReferral(decided);
        }}
      />
    </Card>
  );
}
