import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentsApi } from '../../api/endpoints';
import { DEPARTMENT_STATUSES, DEPARTMENT_TYPES, type Department } from '../../api/types';
import { applyFieldErrors, ErrorAlert } from '../../components/errors';
import { localName } from '../../lib/format';
import { testId } from '../../lib/test-id';
import {
  DEPARTMENT_CODE_PATTERN,
  DEPARTMENT_FIELDS,
  departmentChanges,
  newDepartment,
  type DepartmentFormValues,
} from './department-form';

export function DepartmentFormModal({
  open,
  department,
  onClose,
  onSaved,
}: {
  open: boolean;
  department?: Department | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DepartmentFormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const editing = department !== undefined;

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    if (department) form.setFieldsValue({ code: department.code, name: department.name, type: department.type, status: department.status });
  }, [open, department, form]);

  const save = async (values: DepartmentFormValues) => {
    setSaving(true);
    setError(undefined);
    try {
      let saved: Department | undefined = department;
      if (department) {
        const changes = departmentChanges(department, values);
        if (Object.keys(changes).length > 0) saved = await departmentsApi.update(department.id, changes);
        void message.success(t('department.updated', { name: localName(saved?.name, i18n.language) }));
      } else {
        saved = await departmentsApi.create(newDepartment(values));
        void message.success(t('department.created', { name: localName(saved.name, i18n.language) }));
      }
      onSaved();
    } catch (err) {
      applyFieldErrors(form, err, DEPARTMENT_FIELDS);
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('department.editTitle', { name: localName(department.name, i18n.language) }) : t('department.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, ...testId('department-form-submit') }}
      mask={{ closable: false }}
    >
      <ErrorAlert error={error} testId="department-form-error" />
      <Form<DepartmentFormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{ type: 'clinical', status: 'active' }}
        disabled={saving}
      >
        <Form.Item
          name="code"
          label={t('department.code')}
          rules={[
            { required: true, message: t('department.codeRequired') },
            { pattern: DEPARTMENT_CODE_PATTERN, message: t('department.codePattern') },
          ]}
          normalize={(value?: string) => value?.toUpperCase()}
        >
          <Input disabled={editing} autoComplete="off" data-testid="department-form-code" />
        </Form.Item>
        <Form.Item
          name={['name', 'zh']}
          label={t('department.nameZh')}
          rules={[{ required: true, whitespace: true, max: 100, message: t('department.nameZhRequired') }]}
        >
          <Input lang="zh-CN" autoComplete="off" data-testid="department-form-name-zh" />
        </Form.Item>
        <Form.Item
          name={['name', 'en']}
          label={t('department.nameEn')}
          rules={[{ required: true, whitespace: true, max: 100, message: t('department.nameEnRequired') }]}
        >
          <Input lang="en" autoComplete="off" data-testid="department-form-name-en" />
        </Form.Item>
        <Form.Item name="type" label={t('department.type')} rules={[{ required: true, message: t('department.typeRequired') }]}>
          <Select
            options={DEPARTMENT_TYPES.map((type) => ({ value: type, label: t(`departmentType.${type}`) }))}
            data-testid="department-form-type"
          />
        </Form.Item>
        {editing && (
          <Form.Item name="status" label={t('department.status')}>
            <Select
              options={DEPARTMENT_STATUSES.map((status) => ({ value: status, label: t(`departmentStatus.${status}`) }))}
              data-testid="department-form-status"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
