import { Alert, App, Descriptions, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { consentsApi } from '../../../api/endpoints';
import type { Consent } from '../../../api/types';
import { FormModal } from '../../../components/form-modal';
import { localName } from '../../../lib/format';

const REASON_MIN = 2;
const REASON_MAX = 2000;

/** 撤回同意: stops the recipient's access under the consent from its next request; the reason is kept and audited. */
export function WithdrawConsentModal({ consent, onClose, onWithdrawn }: { consent: Consent | undefined; onClose: () => void; onWithdrawn: (consent: Consent) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const recipient = consent ? localName(consent.recipient.name, i18n.language) || consent.recipient.id : '';
  return (
    <FormModal<{ reason: string }, never>
      open={consent !== undefined}
      record={undefined}
      valuesOf={() => ({})}
      title={t('consent.withdrawTitle')}
      testIdPrefix="consent-withdraw-form"
      bodyTestId
      fields={['reason']}
      initialValues={{ reason: '' }}
      okText={t('consent.withdraw')}
      okDanger
      submit={async ({ reason }) => {
        if (!consent) return;
        const withdrawn = await consentsApi.withdraw(consent.id, reason.trim());
        void message.success(t('consent.withdrawn', { name: recipient }));
        onWithdrawn(withdrawn);
      }}
      onClose={onClose}
    >
      {consent && (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('consent.recipient')}>{recipient}</Descriptions.Item>
          <Descriptions.Item label={t('consent.purpose')}>{localName(consent.purposeLabel, i18n.language) || consent.purpose}</Descriptions.Item>
        </Descriptions>
      )}
      <Alert type="warning" showIcon title={t('consent.withdrawWarning', { name: recipient })} style={{ marginBottom: 16 }} />
      <Form.Item
        name="reason"
        label={t('consent.withdrawReason')}
        rules={[
          { required: true, whitespace: true, message: t('consent.withdrawReasonRequired') },
          {
            validator: async (_, value: string | undefined) => {
              if (value && value.trim() && [...value.trim()].length < REASON_MIN) throw new Error(t('consent.withdrawReasonRequired'));
            },
          },
        ]}
      >
        <Input.TextArea rows={3} maxLength={REASON_MAX} showCount placeholder={t('consent.withdrawReasonPlaceholder')} data-testid="consent-withdraw-reason" />
      </Form.Item>
    </FormModal>
  );
}
