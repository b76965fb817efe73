import { KeyOutlined, LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, type Location } from 'react-router-dom';
import { pathAfterSignIn } from '../auth/mfa-gate';
import { useSession } from '../auth/session';
import { BrandMark } from '../components/brand-mark';
import { ErrorAlert } from '../components/errors';
import { LanguageSwitch } from '../components/language-switch';
import { PageSpinner } from '../components/page-spinner';
import { isOtp } from '../lib/totp-format';
import { afterLoginError, secondFactor, type LoginStep } from './login/login-step';

interface LoginForm {
  username: string;
  password: string;
  otp?: string;
  recoveryCode?: string;
}

/** Only same-app paths are honoured, so a crafted link cannot bounce the user elsewhere after login. */
function returnPath(state: unknown): string {
  const from = (state as { from?: Location } | null)?.from;
  if (!from || typeof from.pathname !== 'string' || !from.pathname.startsWith('/') || from.pathname === '/login') {
    return '/';
  }
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();
  // The second step keeps the username and password in the (hidden) form and sends them again with the code.
  const [step, setStep] = useState<LoginStep>('password');

  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'authenticated' && !submitting) return <Navigate to={pathAfterSignIn(state.me, returnPath(location.state))} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const me = await login(values.username.trim(), values.password, secondFactor(step, values));
      navigate(pathAfterSignIn(me, returnPath(location.state)), { replace: true });
    } catch (err) {
      const outcome = afterLoginError(step, err);
      setError(outcome.showError ? err : undefined);
      setStep(outcome.step);
      // A code is never worth retyping after a refusal; the password only when it is asked for again.
      form.setFieldsValue({ otp: '', recoveryCode: '', ...(outcome.step === 'password' ? { password: '' } : {}) });
      setSubmitting(false);
    }
  };

  const switchStep = (next: LoginStep) => {
    setError(undefined);
    setStep(next);
    form.setFieldsValue({ otp: '', recoveryCode: '', ...(next === 'password' ? { password: '' } : {}) });
  };

  return (
    <main className="yx-login">
      <div className="yx-login-lang">
        <LanguageSwitch type="default" />
      </div>
      <Card className="yx-login-card">
        <div className="yx-login-brand">
          <BrandMark size={40} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
        </div>
        <Typography.Title level={4} style={{ marginTop: 24 }}>
          {step === 'password' ? t('login.title') : t('login.otpTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" data-testid="login-prompt">
          {step === 'password' ? t('login.subtitle') : step === 'otp' ? t('login.otpPrompt') : t('login.recoveryPrompt')}
        </Typography.Paragraph>
        <ErrorAlert error={error} testId="login-error" />
        <Form<LoginForm> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} disabled={submitting}>
          <Form.Item
            name="username"
            label={t('login.username')}
            hidden={step !== 'password'}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            hidden={step !== 'password'}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
          </Form.Item>
          {step === 'otp' && (
            <Form.Item
              name="otp"
              label={t('login.otp')}
              rules={[{ validator: (_, value?: string) => (isOtp(value ?? '') ? Promise.resolve() : Promise.reject(new Error(t('login.otpRequired')))) }]}
            >
              <Input
                prefix={<SafetyOutlined />}
                autoComplete="one-time-code"
                inputMode="numeric"
                maxLength={7}
                autoFocus
                size="large"
                data-testid="login-otp"
              />
            </Form.Item>
          )}
          {step === 'recovery' && (
            <Form.Item name="recoveryCode" label={t('login.recovery')} rules={[{ required: true, whitespace: true, message: t('login.recoveryRequired') }]}>
              <Input prefix={<KeyOutlined />} autoComplete="off" spellCheck={false} autoFocus size="large" data-testid="login-recovery" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="login-submit">
            {step === 'password' ? t('login.submit') : t('login.verify')}
          </Button>
          {step !== 'password' && (
            <div className="yx-login-links">
              {step === 'otp' ? (
                <Button type="link" size="small" onClick={() => switchStep('recovery')} data-testid="login-use-recovery">
                  {t('login.useRecovery')}
                </Button>
              ) : (
                <Button type="link" size="small" onClick={() => switchStep('otp')} data-testid="login-use-otp">
                  {t('login.useOtp')}
                </Button>
              )}
              <Button type="link" size="small" onClick={() => switchStep('password')} data-testid="login-change-account">
                {t('login.changeAccount')}
              </Button>
            </div>
          )}
        </Form>
      </Card>
    </main>
  );
}
