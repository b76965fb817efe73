import { Alert, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { violationsApi } from '../../api/endpoints';
import type { ViolationCase, ViolationDecisionKind } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { EvidenceFields, SuspensionWarning, useTextRules } from './case-form-fields';
import { decisionKinds, decisionLabelKey, needsDetails, needsSecondApproval } from './case-rules';
import { evidenceInput, hasEvidence } from './evidence-input';

interface StepProps {
  c: ViolationCase;
  open: boolean;
  onClose: () => void;
  onDone: (updated: ViolationCase) => void;
}

function ReasonField({ label, testId }: { label: string; testId: string }) {
  const { t } = useTranslation();
  const rules = useTextRules(t('violations.reasonRequired'));
  return (
    <Form.Item name="reason" label={label} rules={rules}>
      <Input.TextArea rows={3} maxLength={2000} showCount data-testid={testId} />
    </Form.Item>
  );
}

/** Applying takes effect at once (sessions end, grants stop, API clients are suspended); lifting restores what it changed. */
export function SuspensionModal({ c, action, onClose, onDone }: Omit<StepProps, 'open'> & { action: 'apply' | 'lift' | undefined }) {
  const { t } = useTranslation();
  const applying = action === 'apply';
  return (
    <FormModal<{ reason: string }, never>
      open={action !== undefined}
      record={undefined}
      valuesOf={() => ({})}
      title={applying ? t('violations.suspendTitle') : t('violations.liftTitle')}
      testIdPrefix="suspension-form"
      bodyTestId
      fields={['reason']}
      initialValues={{ reason: '' }}
      okText={applying ? t('violations.suspendNow') : t('violations.lift')}
      okDanger={applying}
      submit={async ({ reason }) => {
        if (action) onDone(await violationsApi.suspension(c.id, action, reason.trim()));
      }}
      onClose={onClose}
    >
      {applying ? <SuspensionWarning kind={c.subject.kind} /> : <Alert type="info" showIcon title={t('violations.liftNote')} style={{ marginBottom: 16 }} />}
      <ReasonField label={t('violations.reason')} testId="suspension-reason" />
    </FormModal>
  );
}

interface DecisionValues {
  kind: ViolationDecisionKind;
  details?: string;
  reason: string;
}

function DecisionNotes() {
  const { t } = useTranslation();
  const kind = Form.useWatch<ViolationDecisionKind | undefined>('kind', Form.useFormInstance());
  if (needsSecondApproval(kind)) return <Alert type="warning" showIcon title={t('violations.terminationNote')} style={{ marginBottom: 16 }} data-testid="decision-termination-note" />;
  if (kind && kind !== 'no_violation') return <Alert type="info" showIcon title={t('violations.sanctionNote')} style={{ marginBottom: 16 }} />;
  return null;
}

function DetailsField() {
  const { t } = useTranslation();
  const kind = Form.useWatch<ViolationDecisionKind | undefined>('kind', Form.useFormInstance());
  const required = needsDetails(kind);
  return (
    <Form.Item name="details" label={t('violations.details')} extra={required ? t('violations.penaltyDetailsHint') : undefined} rules={required ? [{ required: true, whitespace: true, message: t('violations.detailsRequired') }] : []}>
      <Input.TextArea rows={3} maxLength={4000} data-testid="decision-details" />
    </Form.Item>
  );
}

/** The information administrator's decision; a termination waits for a second approver. */
export function DecisionModal({ c, open, onClose, onDone }: StepProps) {
  const { t } = useTranslation();
  return (
    <FormModal<DecisionValues, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      title={t('violations.decideTitle')}
      width={640}
      testIdPrefix="decision-form"
      bodyTestId
      fields={['kind', 'details', 'reason']}
      initialValues={{ reason: '', details: '' }}
      okText={t('violations.decide')}
      okDanger
      submit={async ({ kind, details, reason }) => {
        const text = details?.trim();
        onDone(await violationsApi.decide(c.id, { kind, reason: reason.trim(), ...(text ? { details: text } : {}) }));
      }}
      onClose={onClose}
    >
      <Form.Item name="kind" label={t('violations.decision')} rules={[{ required: true, message: t('violations.decisionRequired') }]}>
        <Radio.Group
          options={decisionKinds(c.subject.kind).map((kind) => ({ value: kind, label: <span data-testid={`decision-kind-${kind}`}>{t(`violationDecision.${decisionLabelKey(kind, c.subject.kind)}`)}</span> }))}
        />
      </Form.Item>
      <DecisionNotes />
      <DetailsField />
      <ReasonField label={t('violations.decisionReason')} testId="decision-reason" />
    </FormModal>
  );
}

/** The second approver confirms a proposed termination or sends the case back to investigation. */
export function ApprovalModal({ c, open, onClose, onDone }: StepProps) {
  const { t } = useTranslation();
  return (
    <FormModal<{ approve: boolean; reason: string }, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      title={t('violations.approveTitle')}
      testIdPrefix="approval-form"
      bodyTestId
      fields={['reason']}
      initialValues={{ approve: true, reason: '' }}
      okText={t('common.confirm')}
      submit={async ({ approve, reason }) => onDone(await violationsApi.approve(c.id, approve, reason.trim()))}
      onClose={onClose}
    >
      <Alert type="warning" showIcon title={t('violations.approveNote')} style={{ marginBottom: 16 }} />
      <Form.Item name="approve" label={t('violations.approval')}>
        <Radio.Group
          options={[
            { value: true, label: t('violations.approveYes') },
            { value: false, label: t('violations.approveNo') },
          ]}
          data-testid="approval-choice"
        />
      </Form.Item>
      <ReasonField label={t('violations.reason')} testId="approval-reason" />
    </FormModal>
  );
}

export function CloseModal({ c, open, onClose, onDone }: StepProps) {
  const { t } = useTranslation();
  return (
    <FormModal<{ reason: string }, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      title={t('violations.closeTitle')}
      testIdPrefix="close-form"
      bodyTestId
      fields={['reason']}
      initialValues={{ reason: '' }}
      okText={t('violations.close')}
      submit={async ({ reason }) => onDone(await violationsApi.close(c.id, reason.trim()))}
      onClose={onClose}
    >
      <Alert type="info" showIcon title={t('violations.closeNote')} style={{ marginBottom: 16 }} />
      <ReasonField label={t('violations.reason')} testId="close-reason" />
    </FormModal>
  );
}

export function EvidenceModal({ c, open, onClose, onDone }: StepProps) {
  const { t } = useTranslation();
  return (
    <FormModal<{ seqs?: string; alertIds?: string[]; note?: string }, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      title={t('violations.addEvidenceTitle')}
      testIdPrefix="evidence-form"
      bodyTestId
      fields={[]}
      initialValues={{}}
      okText={t('violations.addEvidence')}
      submit={async (values) => {
        const input = evidenceInput(values);
        if (!hasEvidence(input)) throw new Error(t('violations.evidenceRequired'));
        onDone(await violationsApi.addEvidence(c.id, input));
      }}
      onClose={onClose}
    >
      <EvidenceFields />
      <Form.Item name="note" label={t('violations.evidenceNote')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="evidence-note" />
      </Form.Item>
    </FormModal>
  );
}
