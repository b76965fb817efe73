import { Alert, Button, Form, Input, Modal, Radio, Result, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { institutionsApi } from '../../api/endpoints';
import type { ApiClient, Institution } from '../../api/types';
import { applyFieldErrors, ErrorAlert } from '../../components/errors';
import { localName } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { ClientKeys } from './client-parts';
import { ConnectionGuide } from './connection-guide';
import { parsePublicKey, type KeyFormat } from './institution-form';

interface FormValues {
  name: string;
  format: KeyFormat;
  key: string;
}

/** The registered client, with what its developer needs next: the client id and where to connect. */
function Registered({ client }: { client: ApiClient }) {
  const { t } = useTranslation();
  return (
    <div data-testid="client-registered">
      <Result
        status="success"
        title={t('apiClient.registered', { name: client.name })}
        subTitle={t('apiClient.registeredHint')}
        style={{ paddingBlock: 8 }}
        extra={
          <Space orientation="vertical" size={4}>
            <Typography.Text code copyable={{ text: client.clientId }} style={{ fontSize: 16 }} data-testid="client-registered-id">
              {client.clientId}
            </Typography.Text>
            <ClientKeys keys={client.keys} />
          </Space>
        }
      />
      <ConnectionGuide clientId={client.clientId} />
    </div>
  );
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
  /** Called as soon as the client exists; the modal stays open to show its id. */
  onRegistered: (client: ApiClient) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const format = Form.useWatch('format', form) ?? 'jwks';
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [registered, setRegistered] = useState<ApiClient>();

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    setRegistered(undefined);
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
      setRegistered(client);
      onRegistered(client);
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
      width={720}
      title={t('apiClient.registerTitle', { name: localName(institution.name, i18n.language) })}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        registered ? (
          <Button type="primary" onClick={onClose} data-testid="client-registered-done">
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} {...testId('client-form-submit')}>
              {t('apiClient.register')}
            </Button>
          </Space>
        )
      }
    >
      {registered ? (
        <Registered client={registered} />
      ) : (
        <>
          <ErrorAlert error={error} testId="client-form-error" />
          <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ format: 'jwks' }} disabled={saving}>
            <Form.Item name="name" label={t('apiClient.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('apiClient.nameRequired') }]}>
              <Input autoComplete="off" placeholder={t('apiClient.namePlaceholder')} data-testid="client-form-name" />
            </Form.Item>
            <Form.Item name="format" label={t('apiClient.keyFormat')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'jwks', label: t('apiClient.jwks') },
                  { value: 'pem', label: t('apiClient.pem') },
                ]}
                onChange={() => form.setFields([{ name: 'key', errors: [] }])}
                data-testid="client-form-format"
              />
            </Form.Item>
            <Form.Item
              name="key"
              label={format === 'pem' ? t('apiClient.pemLabel') : t('apiClient.jwksLabel')}
              extra={t('apiClient.keyHint')}
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
            <Alert type="info" showIcon title={t('apiClient.publicOnly')} />
          </Form>
        </>
      )}
    </Modal>
  );
}
