import { Button, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TotpEnrolment } from '../../api/types';
import { applyFieldErrors, ErrorAlert } from '../../components/errors';
import { formatDateTime } from '../../lib/format';
import { groupSecret, isOtp, normalizeOtp } from '../../lib/totp-format';

interface CodeValues {
  code: string;
}

/**
 * A pending enrolment: the QR code and the grouped secret for the authenticator app, then the first code
 * it shows, which proves the app holds the same secret before the factor is switched on.
 */
export function TotpEnrolmentPanel({
  enrolment,
  confirm,
  onCancel,
}: {
  enrolment: TotpEnrolment;
  /** Sends the code; a rejection stays in the panel as the error. */
  confirm: (code: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<CodeValues>();
  const [qr, setQr] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    setQr(undefined);
    // The QR library is loaded only by those who enrol.
    void import('./qr-code')
      .then(({ qrCodeDataUrl }) => qrCodeDataUrl(enrolment.otpauthUri))
      .then((url) => live && setQr(url))
      // Without the picture the secret and the link below still do the job.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enrolment.otpauthUri]);

  const submit = async ({ code }: CodeValues) => {
    setSaving(true);
    setError(undefined);
    try {
      await confirm(normalizeOtp(code));
    } catch (err) {
      applyFieldErrors(form, err, ['code']);
      setError(err);
      form.setFieldValue('code', '');
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="mfa-enrolment">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('mfa.scan')}
      </Typography.Title>
      {qr && <img className="yx-mfa-qr" src={qr} alt={t('mfa.qrAlt')} data-testid="mfa-qr" />}
      <Typography.Paragraph type="secondary">{t('mfa.manual')}</Typography.Paragraph>
      <Typography.Paragraph>
        {t('mfa.secret')}:{' '}
        <Typography.Text className="yx-mfa-secret" copyable={{ text: enrolment.secret }}>
          <span data-testid="mfa-secret">{groupSecret(enrolment.secret)}</span>
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" className="yx-mfa-uri">
        {t('mfa.uri')}: <span data-testid="mfa-uri">{enrolment.otpauthUri}</span>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('mfa.expires', { time: formatDateTime(enrolment.expiresAt, i18n.language) })}</Typography.Paragraph>
      <Typography.Title level={5}>{t('mfa.enterCode')}</Typography.Title>
      <ErrorAlert error={error} testId="mfa-error" />
      <Form<CodeValues> form={form} layout="inline" onFinish={(v) => void submit(v)} disabled={saving}>
        <Form.Item
          name="code"
          rules={[{ validator: (_, value?: string) => (isOtp(value ?? '') ? Promise.resolve() : Promise.reject(new Error(t('mfa.codeRequired')))) }]}
        >
          <Input
            placeholder={t('mfa.code')}
            aria-label={t('mfa.code')}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={7}
            style={{ width: 140 }}
            data-testid="mfa-code"
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="mfa-confirm">
            {t('mfa.confirm')}
          </Button>
          <Button onClick={onCancel} disabled={saving} data-testid="mfa-cancel">
            {t('common.cancel')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
