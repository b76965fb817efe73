import { App, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../api/endpoints';
import type { Department, User } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { blankToNull } from '../../lib/format';
import { departmentOptions, roleOptions, userStatusOptions } from './options';
import { userChanges, type UserFormValues } from './user-changes';


const FIELDS = ['username', 'displayName', 'departmentId', 'roles', 'password', 'status', 'email', 'phone'];

// Mirrors the server's schema so most mistakes are caught before a round trip.
const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;
const PHONE_PATTERN = /^[0-9+() -]{3,32}$/;

export function UserFormModal({
  open,
  user,
  departments,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** Absent when creating a new user. */
  user?: User | undefined;
  departments: readonly Department[];
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const editing = user !== undefined;

  const submit = async (values: UserFormValues) => {
    let saved: User;
    if (user) {
      const changes = userChanges(user, values);
      saved = Object.keys(changes).length > 0 ? await usersApi.update(user.id, changes) : user;
      void message.success(t('user.updated', { name: saved.displayName }));
    } else {
      const email = blankToNull(values.email);
      const phone = blankToNull(values.phone);
      saved = await usersApi.create({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        departmentId: values.departmentId ?? null,
        roles: values.roles,
        password: values.password,
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
      });
      void message.success(t('user.created', { name: saved.displayName }));
    }
    onSaved(saved);
  };

  return (
    <FormModal<UserFormValues, User>
      open={open}
      record={user}
      valuesOf={(u) => ({
        displayName: u.displayName,
        departmentId: u.departmentId,
        roles: u.roles,
        status: u.status,
        email: u.email ?? '',
        phone: u.phone ?? '',
      })}
      width={640}
      title={editing ? t('user.editTitle', { name: user.displayName }) : t('user.createTitle')}
      testIdPrefix="user-form"
      bodyTestId
      fields={FIELDS}
      initialValues={{ roles: ['staff'], status: 'active' }}
      submit={submit}
      onClose={onClose}
    >
      <Row gutter={16}>
        {!editing && (
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('user.username')}
              rules={[
                { required: true, message: t('user.usernameRequired') },
                { pattern: USERNAME_PATTERN, message: t('user.usernamePattern') },
              ]}
            >
              <Input autoComplete="off" data-testid="user-form-username" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={12}>
          <Form.Item
            name="displayName"
            label={t('user.displayName')}
            rules={[{ required: true, whitespace: true, max: 64, message: t('user.displayNameRequired') }]}
          >
            <Input autoComplete="off" data-testid="user-form-displayName" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="departmentId" label={t('user.department')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('department.select')}
              options={departmentOptions(departments, i18n.language, user?.departmentId)}
              data-testid="user-form-department"
            />
          </Form.Item>
        </Col>
        {editing && (
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('user.status')} rules={[{ required: true }]}>
              <Select options={userStatusOptions(t)} data-testid="user-form-status" />
            </Form.Item>
          </Col>
        )}
        <Col span={24}>
          <Form.Item
            name="roles"
            label={t('user.roles')}
            rules={[{ required: true, type: 'array', min: 1, message: t('user.rolesRequired') }]}
          >
            <Select mode="multiple" options={roleOptions(t)} showSearch={{ optionFilterProp: 'label' }} data-testid="user-form-roles" />
          </Form.Item>
        </Col>
        {!editing && (
          <Col span={24}>
            <Form.Item
              name="password"
              label={t('user.password')}
              extra={t('user.passwordHint')}
              rules={[{ required: true, message: t('user.passwordRequired') }]}
            >
              <Input.Password autoComplete="new-password" data-testid="user-form-password" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={12}>
          <Form.Item name="email" label={t('user.email')} rules={[{ type: 'email', message: t('user.emailInvalid') }]}>
            <Input autoComplete="off" data-testid="user-form-email" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={t('user.phone')} rules={[{ pattern: PHONE_PATTERN, message: t('user.phoneInvalid') }]}>
            <Input autoComplete="off" data-testid="user-form-phone" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
