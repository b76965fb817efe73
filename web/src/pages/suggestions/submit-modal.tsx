import { Form, Input, Radio, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { suggestionsApi } from '../../api/endpoints';
import { SUGGESTION_KINDS, type SuggestionDetail, type SuggestionKind, type SuggestionVocabulary } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { formatBytes, localName } from '../../lib/format';
import type { PickedAttachment } from './attachment';
import { AttachmentPicker } from './attachment-picker';
import { TEXT_MAX, TEXT_MIN, trimmedLength } from './display';
import { wordSuggestionProblems } from './problems';

interface SubmitValues {
  kind: SuggestionKind;
  category: string;
  text: string;
  anonymous: boolean;
  attachment?: PickedAttachment | null;
}

const FIELDS = ['kind', 'category', 'text', 'anonymous', 'attachment'] as const;

/** The form of the suggestion channel: kind, category, text, an optional file, and anonymity to the handlers. */
export function SubmitModal({ open, vocabulary, onClose, onSubmitted }: { open: boolean; vocabulary: SuggestionVocabulary; onClose: () => void; onSubmitted: (suggestion: SuggestionDetail) => void }) {
  const { t, i18n } = useTranslation();

  const submit = async (values: SubmitValues) => {
    const file = values.attachment;
    try {
      const submitted = await suggestionsApi.submit({
        kind: values.kind,
        category: values.category,
        text: values.text,
        anonymous: values.anonymous,
        ...(file ? { attachment: { name: file.name, mediaType: file.mediaType, contentBase64: file.contentBase64 } } : {}),
      });
      onSubmitted(submitted);
    } catch (error) {
      throw wordSuggestionProblems(error, (code) => t(`suggestion.problem.${code}`));
    }
  };

  return (
    <FormModal<SubmitValues, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      title={t('suggestion.submitTitle')}
      width={640}
      testIdPrefix="suggestion-form"
      bodyTestId
      fields={FIELDS}
      initialValues={{ kind: 'suggestion', anonymous: false }}
      submit={submit}
      onClose={onClose}
      okText={t('suggestion.submit')}
    >
      <Form.Item name="kind" label={t('suggestion.kind')} required>
        <Radio.Group data-testid="suggestion-form-kind">
          {SUGGESTION_KINDS.map((kind) => (
            <Radio key={kind} value={kind} data-testid={`suggestion-form-kind-${kind}`}>
              {t(`suggestionKind.${kind}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="category" label={t('suggestion.category')} rules={[{ required: true, message: t('suggestion.categoryRequired') }]}>
        <Select<string> options={vocabulary.categories.map((c) => ({ value: c.key, label: localName(c.label, i18n.language) }))} data-testid="suggestion-form-category" />
      </Form.Item>
      <Form.Item
        name="text"
        label={t('suggestion.text')}
        extra={t('suggestion.textHint', { min: TEXT_MIN })}
        rules={[{ required: true, validator: async (_, value: string | undefined) => (trimmedLength(value) >= TEXT_MIN ? undefined : Promise.reject(new Error(t('suggestion.textTooShort', { min: TEXT_MIN })))) }]}
      >
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={TEXT_MAX} showCount data-testid="suggestion-form-text" />
      </Form.Item>
      <Form.Item name="attachment" label={t('suggestion.attachment')} extra={t('suggestion.attachmentHint', { size: formatBytes(vocabulary.attachment.maxBytes, i18n.language) })}>
        {/* Remounted when the form opens or closes, so a refused file's message does not outlive the form. */}
        <AttachmentPicker key={String(open)} limits={vocabulary.attachment} />
      </Form.Item>
      <Form.Item name="anonymous" label={t('suggestion.anonymous')} valuePropName="checked" extra={<span data-testid="suggestion-anonymous-help">{t('suggestion.anonymousHelp')}</span>}>
        <Switch data-testid="suggestion-form-anonymous" />
      </Form.Item>
    </FormModal>
  );
}
