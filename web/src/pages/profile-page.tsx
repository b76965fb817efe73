import { App, Button, Card, Col, Descriptions, Form, Input, Row, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints';
import { useMe } from '../auth/session';
import { applyFieldErrors, ErrorAlert } from '../components/errors';
import { RoleTags, UserStatusTag } from '../components/tags';
import { formatDateTime, localName } from '../lib/format';
import { MfaCard } from './profile/mfa-card';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export default function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { user } = useMe();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const lng = i18n.language;

  const onFinish = async (values: PasswordForm) => {
    setSaving(true);
    setError(undefined);
    try {
      await authApi.changePassword(values.currentPassword, values.newPassword);
      form.resetFields();
      void message.success(t('profile.changed'));
    } catch (err) {
      applyFieldErrors(form, err, ['currentPassword', 'newPassword']);
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xl={14}>
        <Space orientation="vertical" size={24} style={{ width: '100%' }}>
          <MfaCard />
          <Card title={t('profile.details')}>
            <Descriptions column={1} bordered size="middle" data-testid="profile-details">
              <Descriptions.Item label={t('user.username')}>{user.username}</Descriptions.Item>
              <Descriptions.Item label={t('user.displayName')}>{user.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('user.department')}>
                {localName(user.departmentName, lng) || t('header.noDepartment')}
              </Descriptions.Item>
              <Descriptions.Item label={t('user.roles')}>
                <RoleTags roles={user.roles} />
              </Descriptions.Item>
              <Descriptions.Item label={t('user.status')}>
                <UserStatusTag status={user.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('user.email')}>{user.email ?? t('common.notSet')}</Descriptions.Item>
              <Descriptions.Item label={t('user.phone')}>{user.phone ?? t('common.notSet')}</Descriptions.Item>
              <Descriptions.Item label={t('user.lastLoginAt')}>
                {user.lastLoginAt ? formatDateTime(user.lastLoginAt, lng) : t('user.never')}
              </Descriptions.Item>
              <Descriptions.Item label={t('common.createdAt')}>{formatDateTime(user.createdAt, lng)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Space>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t('profile.changePassword')}>
          <ErrorAlert error={error} testId="password-error" />
          <Form<PasswordForm> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={saving}>
            <Form.Item
              name="currentPassword"
              label={t('profile.currentPassword')}
              rules={[{ required: true, message: t('profile.currentRequired') }]}
            >
              <Input.Password autoComplete="current-password" data-testid="profile-current-password" />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('profile.newPassword')}
              dependencies={['currentPassword']}
              rules={[
                { required: true, message: t('profile.newRequired') },
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    value && value === getFieldValue('currentPassword')
                      ? Promise.reject(new Error(t('profile.sameAsCurrent')))
                      : Promise.resolve(),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="profile-new-password" />
            </Form.Item>
            <Form.Item
              name="confirmPassword"
              label={t('profile.confirmPassword')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: t('profile.confirmRequired') },
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    !value || value === getFieldValue('newPassword')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('profile.mismatch'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="profile-confirm-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="profile-password-submit">
              {t('profile.submit')}
            </Button>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
