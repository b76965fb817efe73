import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, type Location } from 'react-router-dom';
import { useSession } from '../auth/session';
import { BrandMark } from '../components/brand-mark';
import { ErrorAlert } from '../components/errors';
import { LanguageSwitch } from '../components/language-switch';
import { PageSpinner } from '../components/page-spinner';

interface LoginForm {
  username: string;
  password: string;
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

  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'authenticated' && !submitting) return <Navigate to={returnPath(location.state)} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await login(values.username.trim(), values.password);
      navigate(returnPath(location.state), { replace: true });
    } catch (err) {
      setError(err);
      form.setFieldValue('password', '');
      setSubmitting(false);
    }
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
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        <ErrorAlert error={error} testId="login-error" />
        <Form<LoginForm> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} disabled={submitting}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
