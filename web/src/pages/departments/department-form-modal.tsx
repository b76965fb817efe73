import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { departmentsApi } from '../../api/endpoints';
import { DEPARTMENT_STATUSES, DEPARTMENT_TYPES, type Department } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { localName } from '../../lib/format';
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
  const editing = department !== undefined;

  const submit = async (values: DepartmentFormValues) => {
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
  };

  return (
    <FormModal<DepartmentFormValues, Department>
      open={open}
      record={department}
      valuesOf={(d) => ({ code: d.code, name: d.name, type: d.type, status: d.status })}
      title={editing ? t('department.editTitle', { name: localName(department.name, i18n.language) }) : t('department.createTitle')}
      testIdPrefix="department-form"
      fields={DEPARTMENT_FIELDS}
      initialValues={{ type: 'clinical', status: 'active' }}
      submit={submit}
      onClose={onClose}
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
    </FormModal>
  );
}
