import { SendOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { suggestionsApi } from '../../api/endpoints';
import type { SuggestionDetail } from '../../api/types';
import { applyFieldErrors, ErrorAlert } from '../../components/errors';
import { REPLY_MAX, REPLY_MIN, trimmedLength } from './display';

interface ReplyValues {
  text: string;
  interim: boolean;
}

/**
 * 答复: the information department's answer to the submitter, or an interim reply while it is looked
 * into (only before the first answer). The submitter is notified either way.
 */
export function ReplyForm({ suggestion, interimAllowed, onReplied }: { suggestion: SuggestionDetail; interimAllowed: boolean; onReplied: (updated: SuggestionDetail, interim: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReplyValues>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const interim = Form.useWatch('interim', form) ?? false;

  const send = async (values: ReplyValues) => {
    setSending(true);
    setError(undefined);
    const asInterim = interimAllowed && values.interim;
    try {
      const updated = await suggestionsApi.respond(suggestion.id, values.text, asInterim);
      form.resetFields();
      onReplied(updated, asInterim);
    } catch (cause) {
      applyFieldErrors(form, cause, ['text']);
      setError(cause);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card size="small" title={t('suggestion.replyTitle')} style={{ marginTop: 16 }} data-testid="suggestion-reply">
      <ErrorAlert error={error} testId="suggestion-reply-error" />
      <Form<ReplyValues> form={form} layout="vertical" initialValues={{ interim: false }} onFinish={(values) => void send(values)} disabled={sending}>
        <Form.Item
          name="text"
          rules={[{ required: true, validator: async (_, value: string | undefined) => (trimmedLength(value) >= REPLY_MIN ? undefined : Promise.reject(new Error(t('suggestion.replyRequired', { min: REPLY_MIN })))) }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={REPLY_MAX} showCount data-testid="suggestion-reply-text" />
        </Form.Item>
        {interimAllowed && (
          <Form.Item name="interim" valuePropName="checked">
            <Checkbox data-testid="suggestion-reply-interim">{t('suggestion.interim')}</Checkbox>
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={sending} data-testid="suggestion-reply-submit">
          {interimAllowed && interim ? t('suggestion.interimSend') : t('suggestion.replySend')}
        </Button>
      </Form>
    </Card>
  );
}
