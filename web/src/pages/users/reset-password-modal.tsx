import { App, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../api/endpoints';
import type { User } from '../../api/types';
import { applyFieldErrors, ErrorAlert } from '../../components/errors';
import { testId } from '../../lib/test-id';

interface ResetValues {
  newPassword: string;
}

export function ResetPasswordModal({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!user) return;
    setError(undefined);
    form.resetFields();
  }, [user, form]);

  const save = async ({ newPassword }: ResetValues) => {
    if (!user) return;
    setSaving(true);
    setError(undefined);
    try {
      await usersApi.resetPassword(user.id, newPassword);
      void message.success(t('user.resetDone'));
      onClose();
    } catch (err) {
      applyFieldErrors(form, err, ['newPassword']);
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={user !== undefined}
      title={user ? t('user.resetTitle', { name: user.displayName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, ...testId('reset-password-submit') }}
      mask={{ closable: false }}
    >
      <ErrorAlert error={error} testId="reset-password-error" />
      <Form<ResetValues> form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={saving}>
        <Form.Item
          name="newPassword"
          label={t('user.newPassword')}
          extra={t('user.passwordHint')}
          rules={[{ required: true, message: t('user.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
