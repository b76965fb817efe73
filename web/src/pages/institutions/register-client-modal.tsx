import { App, Form, Input, Modal, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { institutionsApi } from '../../api/endpoints';
import type { Institution } from '../../api/types';
import { applyFieldErrors, ErrorAlert } from '../../components/errors';
import { testId } from '../../lib/test-id';
import { parsePublicKey, type KeyFormat } from './institution-form';

interface FormValues {
  name: string;
  format: KeyFormat;
  key: string;
}

export function RegisterClientModal({
  institution,
  open,
  onClose,
  onRegistered,
}: {
  institution: Institution;
  open: boolean;
  onClose: () => void;
  onRegistered: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const format = Form.useWatch('format', form) ?? 'jwks';
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
  }, [open, form]);

  const save = async (values: FormValues) => {
    const parsed = parsePublicKey(values.format, values.key);
    if (!parsed.ok) {
      form.setFields([{ name: 'key', errors: [t(`apiClient.${parsed.reason}`)] }]);
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const client = await institutionsApi.registerClient(institution.id, { name: values.name.trim(), ...parsed.body });
      void message.success(t('apiClient.registered', { name: client.name }));
      onRegistered();
    } catch (err) {
      applyFieldErrors(form, err, ['name']);
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      width={640}
      title={t('apiClient.registerTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('apiClient.register')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, ...testId('client-form-submit') }}
      mask={{ closable: false }}
    >
      <ErrorAlert error={error} testId="client-form-error" />
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ format: 'jwks' }} disabled={saving}>
        <Form.Item name="name" label={t('apiClient.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('apiClient.nameRequired') }]}>
          <Input autoComplete="off" data-testid="client-form-name" />
        </Form.Item>
        <Form.Item name="format" label={t('apiClient.keyFormat')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'jwks', label: t('apiClient.jwks') },
              { value: 'pem', label: t('apiClient.pem') },
            ]}
            onChange={() => form.setFields([{ name: 'key', errors: [] }])}
          />
        </Form.Item>
        <Form.Item
          name="key"
          label={format === 'pem' ? t('apiClient.pemLabel') : t('apiClient.jwksLabel')}
          rules={[{ required: true, whitespace: true, message: t('apiClient.keyRequired') }]}
        >
          <Input.TextArea
            rows={8}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
            placeholder={format === 'pem' ? t('apiClient.pemPlaceholder') : t('apiClient.jwksPlaceholder')}
            data-testid="client-form-key"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
