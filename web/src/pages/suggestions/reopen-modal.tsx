import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { suggestionsApi } from '../../api/endpoints';
import type { SuggestionDetail } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { REPLY_MAX, REPLY_MIN, trimmedLength } from './display';

/** The submitter contests the answer, with the reason, within the window after it. */
export function ReopenModal({ suggestionId, onClose, onReopened }: { suggestionId: string | undefined; onClose: () => void; onReopened: (updated: SuggestionDetail) => void }) {
  const { t } = useTranslation();
  return (
    <FormModal<{ reason: string }, never>
      open={suggestionId !== undefined}
      record={undefined}
      valuesOf={() => ({})}
      title={t('suggestion.reopenTitle')}
      testIdPrefix="suggestion-reopen"
      fields={['reason']}
      initialValues={{}}
      submit={async ({ reason }) => onReopened(await suggestionsApi.reopen(suggestionId!, reason))}
      onClose={onClose}
      okText={t('suggestion.reopen')}
    >
      <Form.Item
        name="reason"
        label={t('suggestion.reopenReason')}
        rules={[{ required: true, validator: async (_, value: string | undefined) => (trimmedLength(value) >= REPLY_MIN ? undefined : Promise.reject(new Error(t('suggestion.reopenRequired', { min: REPLY_MIN })))) }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={REPLY_MAX} showCount data-testid="suggestion-reopen-reason" />
      </Form.Item>
    </FormModal>
  );
}
