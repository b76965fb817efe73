import { Form, Modal, type FormInstance, type FormProps } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { testId } from '../lib/test-id';
import { applyFieldErrors, ErrorAlert } from './errors';

type FieldsValue<V> = Parameters<FormInstance<V>['setFieldsValue']>[0];

/**
 * The modal that creates a record, or edits `record` when there is one: the form is cleared (and filled from
 * the record) each time the modal opens; "OK" sends it through `submit`, and a refusal is shown above the form
 * with the server's field errors placed under the fields listed in `fields`. The submit button and the error
 * carry the test ids `${testIdPrefix}-submit` and `${testIdPrefix}-error`.
 */
export function FormModal<V, R>({
  open,
  record,
  valuesOf,
  title,
  width,
  testIdPrefix,
  bodyTestId = false,
  fields,
  initialValues,
  submit,
  onClose,
  okText,
  okDanger = false,
  children,
}: {
  open: boolean;
  /** Absent when creating. */
  record: R | undefined;
  /** The form's values for the record being edited; read when the modal opens or its record changes. */
  valuesOf: (record: R) => FieldsValue<V>;
  title: ReactNode;
  width?: number | undefined;
  testIdPrefix: string;
  /** Wraps the error and the form in an element with the test id `testIdPrefix`. */
  bodyTestId?: boolean;
  fields: readonly string[];
  initialValues: FormProps<V>['initialValues'];
  /** Saves the values; a rejection stays in the modal as the error. */
  submit: (values: V) => Promise<void>;
  onClose: () => void;
  /** The submit button's text when it is neither "create" nor "save". */
  okText?: ReactNode;
  /** Marks the submit button as dangerous (emergency access, irreversible decisions). */
  okDanger?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const editing = record !== undefined;

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    if (record) form.setFieldsValue(valuesOf(record));
    // The form is filled only when the modal opens or its record changes, whatever valuesOf's identity.
  }, [open, record, form]);

  const save = async (values: V) => {
    setSaving(true);
    setError(undefined);
    try {
      await submit(values);
    } catch (err) {
      applyFieldErrors(form, err, fields);
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const body = (
    <>
      <ErrorAlert error={error} testId={`${testIdPrefix}-error`} />
      <Form<V> form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={initialValues} disabled={saving}>
        {children}
      </Form>
    </>
  );

  return (
    <Modal
      open={open}
      width={width}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText ?? (editing ? t('common.save') : t('common.create'))}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, danger: okDanger, ...testId(`${testIdPrefix}-submit`) }}
      mask={{ closable: false }}
    >
      {bodyTestId ? <div data-testid={testIdPrefix}>{body}</div> : body}
    </Modal>
  );
}
