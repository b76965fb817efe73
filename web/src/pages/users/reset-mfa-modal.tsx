import { Alert, App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../api/endpoints';
import type { User } from '../../api/types';
import { FormModal } from '../../components/form-modal';

interface ReasonValues {
  reason: string;
}

/**
 * 重置两步验证: for a user who lost their phone and their recovery codes. The reason goes into the audit
 * entry; the user's sessions end and they next sign in with the password alone.
 */
export function ResetMfaModal({ user, onClose, onReset }: { user: User | undefined; onClose: () => void; onReset: (user: User) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <FormModal<ReasonValues, never>
      open={user !== undefined}
      record={undefined}
      valuesOf={() => ({})}
      title={user ? t('user.mfaResetTitle', { name: user.displayName }) : ''}
      testIdPrefix="user-mfa-reset"
      fields={['reason']}
      initialValues={{ reason: '' }}
      okText={t('user.mfaReset')}
      okDanger
      submit={async ({ reason }) => {
        if (!user) return;
        await usersApi.resetMfa(user.id, reason.trim());
        void message.success(t('user.mfaResetDone', { name: user.displayName }));
        onReset(user);
      }}
      onClose={onClose}
    >
      <Alert type="warning" showIcon title={t('user.mfaResetHint')} style={{ marginBottom: 16 }} />
      <Form.Item name="reason" label={t('user.mfaResetReason')} rules={[{ required: true, whitespace: true, message: t('user.mfaResetReasonRequired') }]}>
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('user.mfaResetReasonPlaceholder')} data-testid="user-mfa-reset-reason" />
      </Form.Item>
    </FormModal>
  );
}
