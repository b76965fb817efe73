import { Button, Form, Input } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViolationCase } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { useTextRules } from './case-form-fields';

/**
 * A note written on the case page itself (an investigation note, or the subject's appeal): the
 * server's refusal stays above the text, which is kept for another try.
 */
export function TextStepForm({ label, hint, submitText, testIdPrefix, send, onDone }: { label: string; hint?: ReactNode; submitText: string; testIdPrefix: string; send: (text: string) => Promise<ViolationCase>; onDone: (updated: ViolationCase) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const rules = useTextRules(t('violations.textRequired'));

  const save = async ({ text }: { text: string }) => {
    setSaving(true);
    setError(undefined);
    try {
      const updated = await send(text.trim());
      form.resetFields();
      onDone(updated);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid={testIdPrefix}>
      <ErrorAlert error={error} testId={`${testIdPrefix}-error`} />
      <Form form={form} layout="vertical" onFinish={(values) => void save(values)} disabled={saving}>
        <Form.Item name="text" label={label} extra={hint} rules={rules}>
          <Input.TextArea rows={3} maxLength={10000} data-testid={`${testIdPrefix}-text`} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid={`${testIdPrefix}-submit`}>
          {submitText}
        </Button>
      </Form>
    </div>
  );
}
