import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { grantsApi } from '../../api/endpoints';
import type { Grant } from '../../api/types';
import { FormModal } from '../../components/form-modal';

/** Revoking a grant takes effect on the grantee's very next request; the reason is kept in the audit log. */
export function RevokeModal({ grantId, onClose, onRevoked }: { grantId: string | undefined; onClose: () => void; onRevoked: (grant: Grant) => void }) {
  const { t } = useTranslation();
  return (
    <FormModal<{ reason: string }, never>
      open={grantId !== undefined}
      record={undefined}
      valuesOf={() => ({})}
      title={t('grant.revokeTitle')}
      testIdPrefix="revoke-form"
      bodyTestId
      fields={['reason']}
      initialValues={{ reason: '' }}
      okText={t('grant.revoke')}
      okDanger
      submit={async ({ reason }) => {
        if (!grantId) return;
        onRevoked(await grantsApi.revoke(grantId, reason.trim()));
      }}
      onClose={onClose}
    >
      <Alert type="warning" showIcon title={t('grant.revokeWarning')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="reason"
        label={t('grant.revokeReason')}
        rules={[
          { required: true, whitespace: true, message: t('grant.revokeReasonRequired') },
          {
            validator: async (_, value: string | undefined) => {
              if (value && value.trim() && [...value.trim()].length < 5) throw new Error(t('grant.revokeReasonTooShort'));
            },
          },
        ]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount data-testid="revoke-reason" />
      </Form.Item>
    </FormModal>
  );
}
