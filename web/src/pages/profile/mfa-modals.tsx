import { Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/form-modal';
import { isOtp, normalizeOtp } from '../../lib/totp-format';

function CodeField({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="code"
      label={t('mfa.code')}
      required
      rules={[{ validator: (_, value?: string) => (isOtp(value ?? '') ? Promise.resolve() : Promise.reject(new Error(t('mfa.codeRequired')))) }]}
    >
      <Input autoComplete="one-time-code" inputMode="numeric" maxLength={7} style={{ width: 160 }} data-testid={testId} />
    </Form.Item>
  );
}

/** New recovery codes, confirmed with a current code from the app; the old codes stop working. */
export function RegenerateCodesModal({ open, submit, onClose }: { open: boolean; submit: (code: string) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal<{ code: string }, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      title={t('mfa.regenerateTitle')}
      testIdPrefix="mfa-regenerate"
      fields={['code']}
      initialValues={{ code: '' }}
      okText={t('mfa.regenerateSubmit')}
      submit={({ code }) => submit(normalizeOtp(code))}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('mfa.regenerateHint')}</Typography.Paragraph>
      <CodeField testId="mfa-regenerate-code" />
    </FormModal>
  );
}

/** Turning the factor off asks for both factors, so a session left open on a shared PC cannot do it alone. */
export function DisableMfaModal({
  open,
  submit,
  onClose,
}: {
  open: boolean;
  submit: (password: string, code: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<{ password: string; code: string }, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      title={t('mfa.disableTitle')}
      testIdPrefix="mfa-disable"
      fields={['password', 'code']}
      initialValues={{ password: '', code: '' }}
      okText={t('mfa.disable')}
      okDanger
      submit={({ password, code }) => submit(password, normalizeOtp(code))}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('mfa.disableHint')}</Typography.Paragraph>
      <Form.Item name="password" label={t('mfa.password')} rules={[{ required: true, message: t('mfa.passwordRequired') }]}>
        <Input.Password autoComplete="current-password" data-testid="mfa-disable-password" />
      </Form.Item>
      <CodeField testId="mfa-disable-code" />
    </FormModal>
  );
}
