import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Tooltip, Typography, type DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { violationsApi } from '../api/endpoints';
import type { ViolationCase } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { formatDateTime } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { CaseEvidence } from './violations/case-evidence';
import { ApprovalModal, CloseModal, DecisionModal, EvidenceModal, SuspensionModal } from './violations/case-modals';
import { caseActions } from './violations/case-rules';
import { CaseStatusTag, DecisionName, SubjectKindTag, SuspendedTag } from './violations/case-tags';
import { CaseTimeline } from './violations/case-timeline';
import { TextStepForm } from './violations/text-step-form';

type Step = 'evidence' | 'apply' | 'lift' | 'decide' | 'approve' | 'close';

interface StepButton {
  key: string;
  text: string;
  step: Step;
  show: boolean;
  danger?: boolean;
  primary?: boolean;
}

/**
 * One violation case: subject, what happened, evidence, history; the information administrator
 * investigates (notes, evidence, suspension), decides and closes it, a second approver confirms a
 * termination, and the subject — who sees the case without the investigation notes — may appeal.
 */
export default function ViolationPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const me = useMe();
  const { can } = useSession();
  const [c, setCase] = useState<ViolationCase>();
  const [refreshTick, setRefreshTick] = useState(0);
  const [step, setStep] = useState<Step>();

  const { loading, error } = useLoad((signal) => violationsApi.get(id, signal).catch((cause: unknown) => (cause instanceof ApiError && cause.status === 404 ? undefined : Promise.reject(cause))), setCase, [id, refreshTick]);

  if (loading && !c) return <PageSpinner />;
  if (!c) {
    return error ? (
      <Card>
        <ErrorAlert error={error} />
      </Card>
    ) : (
      <Result status="404" title={t('violations.notFound')} extra={<Link to="/violations">{t('violations.backToList')}</Link>} />
    );
  }

  const actions = caseActions(c, { userId: me.user.id, can: (permission) => can(permission) });
  const date = (iso: string | null | undefined) => (iso ? formatDateTime(iso, i18n.language) : '—');
  const done = (text: string) => (updated: ViolationCase) => {
    setStep(undefined);
    setCase(updated);
    void message.success(text);
  };

  const facts: DescriptionsProps['items'] = [
    {
      key: 'subject',
      label: t('violations.subject'),
      children: (
        <Space size={4} data-testid="case-subject">
          <SubjectKindTag kind={c.subject.kind} />
          {c.subject.name}
        </Space>
      ),
    },
    { key: 'openedBy', label: t('violations.openedBy'), children: `${c.openedBy.name ?? c.openedBy.id} · ${date(c.openedAt)}` },
    { key: 'updatedAt', label: t('common.updatedAt'), children: date(c.updatedAt) },
    { key: 'closedAt', label: t('violations.closedAt'), children: date(c.closedAt) },
    {
      key: 'description',
      label: t('violations.description'),
      span: 2,
      children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.description}</Typography.Paragraph>,
    },
  ];
  const decision: DescriptionsProps['items'] = c.decision
    ? [
        { key: 'kind', label: t('violations.decision'), children: <span data-testid="case-decision"><DecisionName kind={c.decision.kind} subject={c.subject.kind} /></span> },
        { key: 'decidedBy', label: t('violations.decidedBy'), children: `${c.decision.decidedBy.name ?? c.decision.decidedBy.id} · ${date(c.decision.decidedAt)}` },
        { key: 'approvedBy', label: t('violations.approvedBy'), children: c.decision.approvedBy ? `${c.decision.approvedBy.name ?? c.decision.approvedBy.id} · ${date(c.decision.approvedAt)}` : '—' },
        { key: 'details', label: t('violations.details'), children: c.decision.details ?? '—' },
      ]
    : [];

  const buttons = (
    [
      { key: 'evidence', text: t('violations.addEvidence'), step: 'evidence', show: actions.evidence },
      { key: 'suspend', text: t('violations.suspend'), step: 'apply', danger: true, show: actions.suspend },
      { key: 'lift', text: t('violations.lift'), step: 'lift', show: actions.lift },
      { key: 'decide', text: t('violations.decide'), step: 'decide', primary: true, show: actions.decide },
      { key: 'approve', text: t('violations.approve'), step: 'approve', primary: true, show: actions.approve },
      { key: 'close', text: t('violations.close'), step: 'close', show: actions.close },
    ] satisfies StepButton[]
  ).filter((b) => b.show);

  return (
    <Card
      title={
        <Space size={8} wrap>
          <span data-testid="case-title">{c.title}</span>
          <CaseStatusTag status={c.status} />
          {c.suspended && <SuspendedTag />}
        </Space>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
          <Link to="/violations">
            <Button icon={<ArrowLeftOutlined />}>{t('violations.backToList')}</Button>
          </Link>
        </Space>
      }
    >
      {c.readAs === 'subject' && <Alert type="info" showIcon title={t('violations.subjectNote')} style={{ marginBottom: 16 }} data-testid="case-subject-note" />}
      {c.status === 'awaiting_approval' && <Alert type="warning" showIcon title={t('violations.awaitingNote')} style={{ marginBottom: 16 }} />}
      {(buttons.length > 0 || actions.approveOwnDecision) && (
        <Space wrap style={{ marginBottom: 16 }}>
          {buttons.map((b) => (
            <Button key={b.key} type={b.primary ? 'primary' : 'default'} danger={b.danger} onClick={() => setStep(b.step)} data-testid={`case-action-${b.key}`}>
              {b.text}
            </Button>
          ))}
          {actions.approveOwnDecision && (
            <Tooltip title={t('violations.approveOwnHint')}>
              <Button disabled data-testid="case-action-approve">
                {t('violations.approve')}
              </Button>
            </Tooltip>
          )}
        </Space>
      )}
      <Descriptions size="small" column={2} bordered items={facts} />
      {c.decision && (
        <section style={{ marginTop: 24 }}>
          <Typography.Title level={5}>{t('violations.decisionSection')}</Typography.Title>
          <Descriptions size="small" column={2} bordered items={decision} />
        </section>
      )}
      <Row gutter={24} style={{ marginTop: 24 }}>
        <Col xs={24} lg={14}>
          <Typography.Title level={5}>{t('violations.history')}</Typography.Title>
          <CaseTimeline c={c} />
        </Col>
        <Col xs={24} lg={10}>
          <Typography.Title level={5}>{t('violations.evidence')}</Typography.Title>
          <CaseEvidence c={c} />
          {actions.note && (
            <section style={{ marginTop: 24 }}>
              <TextStepForm label={t('violations.note')} hint={t('violations.noteHint')} submitText={t('violations.addNote')} testIdPrefix="case-note" send={(text) => violationsApi.addNote(c.id, text)} onDone={done(t('violations.noteAdded'))} />
            </section>
          )}
          {actions.appeal && (
            <section style={{ marginTop: 24 }}>
              <TextStepForm label={t('violations.appeal')} hint={t('violations.appealHint')} submitText={t('violations.fileAppeal')} testIdPrefix="case-appeal" send={(text) => violationsApi.appeal(c.id, text)} onDone={done(t('violations.appealFiled'))} />
            </section>
          )}
        </Col>
      </Row>
      <EvidenceModal c={c} open={step === 'evidence'} onClose={() => setStep(undefined)} onDone={done(t('violations.evidenceAdded'))} />
      <SuspensionModal c={c} action={step === 'apply' || step === 'lift' ? step : undefined} onClose={() => setStep(undefined)} onDone={done(step === 'apply' ? t('violations.suspended') : t('violations.lifted'))} />
      <DecisionModal c={c} open={step === 'decide'} onClose={() => setStep(undefined)} onDone={done(t('violations.decided'))} />
      <ApprovalModal c={c} open={step === 'approve'} onClose={() => setStep(undefined)} onDone={done(t('violations.approved'))} />
      <CloseModal c={c} open={step === 'close'} onClose={() => setStep(undefined)} onDone={done(t('violations.closed'))} />
    </Card>
  );
}
