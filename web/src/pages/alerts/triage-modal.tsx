import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { alertsApi } from '../../api/endpoints';
import type { AnomalyAlert, TriageInput } from '../../api/types';
import { FormModal } from '../../components/form-modal';

export type TriageMode = 'dismiss' | 'escalate';

interface TriageValues {
  reason: string;
  title?: string;
}

/** Triage happens once: dismissed with its reason, or escalated into a violation case against the alert's subject. */
export function TriageModal({ alertId, mode, onClose, onTriaged }: { alertId: string; mode: TriageMode | undefined; onClose: () => void; onTriaged: (alert: AnomalyAlert) => void }) {
  const { t } = useTranslation();
  const escalating = mode === 'escalate';
  return (
    <FormModal<TriageValues, never>
      open={mode !== undefined}
      record={undefined}
      valuesOf={() => ({})}
      title={escalating ? t('alerts.escalateTitle') : t('alerts.dismissTitle')}
      testIdPrefix="triage-form"
      bodyTestId
      fields={['reason', 'title']}
      initialValues={{ reason: '', title: '' }}
      okText={escalating ? t('alerts.escalate') : t('alerts.dismiss')}
      okDanger={escalating}
      submit={async ({ reason, title }) => {
        const trimmedTitle = title?.trim();
        const input: TriageInput = escalating ? { decision: 'escalate', reason: reason.trim(), ...(trimmedTitle ? { title: trimmedTitle } : {}) } : { decision: 'dismiss', reason: reason.trim() };
        onTriaged(await alertsApi.triage(alertId, input));
      }}
      onClose={onClose}
    >
      <Alert type={escalating ? 'warning' : 'info'} showIcon title={escalating ? t('alerts.escalateNote') : t('alerts.dismissNote')} style={{ marginBottom: 16 }} />
      <Form.Item name="reason" label={t('alerts.reason')} rules={[{ required: true, whitespace: true, message: t('alerts.reasonRequired') }]}>
        <Input.TextArea rows={3} maxLength={1000} showCount data-testid="triage-reason" />
      </Form.Item>
      {escalating && (
        <Form.Item
          name="title"
          label={t('alerts.caseTitle')}
          extra={t('alerts.caseTitleHint')}
          rules={[{ validator: async (_, value: string | undefined) => (value && value.trim() && [...value.trim()].length < 2 ? Promise.reject(new Error(t('violations.tooShort'))) : undefined) }]}
        >
          <Input maxLength={200} data-testid="triage-title" />
        </Form.Item>
      )}
    </FormModal>
  );
}
