import { Form, Input, InputNumber, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { feedbackApi } from '../../api/endpoints';
import type { FeedbackItem } from '../../api/types';
import { FormModal } from '../../components/form-modal';

interface FeedbackValues {
  usedFor: string;
  recordsUsed: number | null;
  outcome: string;
  copiesDestroyed: boolean | undefined;
  incident: string;
}

/** 使用反馈: what the shared data was used for, how many records, the outcome, copies destroyed, any incident. */
export function FeedbackModal({ grantId, title, onClose, onSubmitted }: { grantId: string | undefined; title?: string | undefined; onClose: () => void; onSubmitted: (item: FeedbackItem) => void }) {
  const { t } = useTranslation();
  return (
    <FormModal<FeedbackValues, never>
      open={grantId !== undefined}
      record={undefined}
      valuesOf={() => ({})}
      title={title ? t('feedback.modalTitleOf', { title }) : t('feedback.modalTitle')}
      width={640}
      testIdPrefix="feedback-form"
      bodyTestId
      fields={['usedFor', 'recordsUsed', 'outcome', 'copiesDestroyed', 'incident']}
      initialValues={{ usedFor: '', recordsUsed: null, outcome: '', copiesDestroyed: undefined, incident: '' }}
      okText={t('feedback.submit')}
      submit={async (values) => {
        if (!grantId) return;
        const incident = values.incident.trim();
        const item = await feedbackApi.submit(grantId, {
          usedFor: values.usedFor.trim(),
          recordsUsed: values.recordsUsed ?? 0,
          outcome: values.outcome.trim(),
          copiesDestroyed: values.copiesDestroyed === true,
          ...(incident ? { incident } : {}),
        });
        onSubmitted(item);
      }}
      onClose={onClose}
    >
      <Form.Item name="usedFor" label={t('feedback.usedFor')} rules={[{ required: true, whitespace: true, min: 2, message: t('feedback.usedForRequired') }]}>
        <Input.TextArea rows={2} maxLength={2000} showCount data-testid="feedback-used-for" />
      </Form.Item>
      <Form.Item name="recordsUsed" label={t('feedback.recordsUsed')} rules={[{ required: true, message: t('feedback.recordsUsedRequired') }]}>
        <InputNumber min={0} max={100_000_000} precision={0} style={{ width: 200 }} data-testid="feedback-records-used" />
      </Form.Item>
      <Form.Item name="outcome" label={t('feedback.outcome')} rules={[{ required: true, whitespace: true, min: 2, message: t('feedback.outcomeRequired') }]}>
        <Input.TextArea rows={2} maxLength={2000} showCount data-testid="feedback-outcome" />
      </Form.Item>
      <Form.Item name="copiesDestroyed" label={t('feedback.copiesDestroyed')} rules={[{ required: true, message: t('feedback.copiesDestroyedRequired') }]}>
        <Radio.Group data-testid="feedback-copies">
          <Radio value={true} data-testid="feedback-copies-yes">
            {t('feedback.destroyed')}
          </Radio>
          <Radio value={false} data-testid="feedback-copies-no">
            {t('feedback.notDestroyed')}
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="incident" label={t('feedback.incident')} extra={t('feedback.incidentHint')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="feedback-incident" />
      </Form.Item>
    </FormModal>
  );
}
