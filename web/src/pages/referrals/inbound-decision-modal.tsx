import { Alert, App, Descriptions, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { referralsApi } from '../../api/endpoints';
import type { InboundReferral } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { localName } from '../../lib/format';

const REASON_MIN = 2;
const REASON_MAX = 2000;

export type InboundDecision = 'accept' | 'decline';

/** 接收 / 拒绝 a referral a partner sent: the reason goes back to the sender with the ServiceRequest's new status. */
export function InboundDecisionModal({
  referral,
  decision,
  onClose,
  onDecided,
}: {
  referral: InboundReferral | undefined;
  decision: InboundDecision;
  onClose: () => void;
  onDecided: (referral: InboundReferral) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const sender = referral ? localName(referral.sender.name, i18n.language) || referral.sender.code : '';
  return (
    <FormModal<{ reason: string }, never>
      open={referral !== undefined}
      record={undefined}
      valuesOf={() => ({})}
      title={t(decision === 'accept' ? 'inbound.acceptTitle' : 'inbound.declineTitle')}
      testIdPrefix="inbound-decision-form"
      bodyTestId
      fields={['reason']}
      initialValues={{ reason: '' }}
      okText={t(decision === 'accept' ? 'inbound.accept' : 'inbound.decline')}
      okDanger={decision === 'decline'}
      submit={async ({ reason }) => {
        if (!referral) return;
        const decided = await referralsApi.decide(referral.id, decision, reason.trim());
        void message.success(t(decision === 'accept' ? 'inbound.accepted' : 'inbound.declined', { name: sender }));
        onDecided(decided);
      }}
      onClose={onClose}
    >
      {referral && (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('inbound.sender')}>{sender}</Descriptions.Item>
          <Descriptions.Item label={t('inbound.patient')}>{referral.patient.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('inbound.reason')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{referral.reason || '—'}</span>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Alert type={decision === 'accept' ? 'info' : 'warning'} showIcon title={t(decision === 'accept' ? 'inbound.acceptHint' : 'inbound.declineHint', { name: sender })} style={{ marginBottom: 16 }} />
      <Form.Item
        name="reason"
        label={t('inbound.decisionReason')}
        rules={[
          { required: true, whitespace: true, message: t('inbound.decisionReasonRequired') },
          {
            validator: async (_, value: string | undefined) => {
              if (value && value.trim() && [...value.trim()].length < REASON_MIN) throw new Error(t('inbound.decisionReasonRequired'));
            },
          },
        ]}
      >
        <Input.TextArea rows={3} maxLength={REASON_MAX} showCount placeholder={t(decision === 'accept' ? 'inbound.acceptPlaceholder' : 'inbound.declinePlaceholder')} data-testid="inbound-decision-reason" />
      </Form.Item>
    </FormModal>
  );
}
