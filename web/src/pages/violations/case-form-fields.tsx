import { Alert, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertsApi } from '../../api/endpoints';
import { VIOLATION_SUBJECT_KINDS, type AnomalyAlert, type ViolationSubjectKind } from '../../api/types';
import { useSession } from '../../auth/session';
import { formatDateTime, localName } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { isAlertRule } from '../alerts/display';
import { useDirectory } from '../sharing/use-sharing';
import { parseSeqs } from './evidence-input';
import { UserSelect } from './user-select';

/** At least two characters, as the server asks of titles, reasons and notes. */
export function useTextRules(requiredMessage: string) {
  const { t } = useTranslation();
  return [
    { required: true, whitespace: true, message: requiredMessage },
    { validator: async (_: unknown, value: string | undefined) => (value && value.trim() && [...value.trim()].length < 2 ? Promise.reject(new Error(t('violations.tooShort'))) : undefined) },
  ];
}

/** The subject of a new case: its kind, then an account, a department or an external institution from the lists. */
export function SubjectFields() {
  const { t, i18n } = useTranslation();
  const form = Form.useFormInstance();
  const kind = Form.useWatch<ViolationSubjectKind | undefined>('subjectKind', form);
  const directory = useDirectory();
  const named = <T extends { id: string; code: string; name: { zh: string; en: string } }>(list: readonly T[]) => list.map((item) => ({ value: item.id, label: `${localName(item.name, i18n.language)} · ${item.code}` }));
  return (
    <>
      <Form.Item name="subjectKind" label={t('violations.subjectKind')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={VIOLATION_SUBJECT_KINDS.map((k) => ({ value: k, label: t(`violationSubjectKind.${k}`) }))}
          onChange={() => form.setFieldValue('subjectId', undefined)}
          data-testid="case-form-subject-kind"
        />
      </Form.Item>
      <Form.Item name="subjectId" label={t('violations.subject')} rules={[{ required: true, message: t('violations.subjectRequired') }]}>
        {kind === 'user' ? (
          <UserSelect testId="case-form-subject-user" />
        ) : (
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('violations.subjectPlaceholder')}
            options={kind === 'department' ? named(directory.departments) : named(directory.institutions)}
            data-testid="case-form-subject"
          />
        )}
      </Form.Item>
    </>
  );
}

/** Audit entry numbers and alerts, checked by the server to exist. */
export function EvidenceFields() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const mayReadAlerts = can('alert:read');
  const [alerts, setAlerts] = useState<AnomalyAlert[]>([]);
  useLoad(async (signal) => (mayReadAlerts ? (await alertsApi.list({ limit: 100 }, signal)).items : []), setAlerts, [mayReadAlerts]);
  const alertLabel = (a: AnomalyAlert) => `${isAlertRule(a.rule) ? t(`alertRule.${a.rule}`) : localName(a.label, i18n.language)} · ${a.subject.username ?? '—'} · ${formatDateTime(a.raisedAt, i18n.language)}`;
  return (
    <>
      <Form.Item
        name="seqs"
        label={t('violations.auditSeqs')}
        extra={t('violations.auditSeqsHint')}
        rules={[
          {
            validator: async (_, value: string | undefined) => {
              const { invalid } = parseSeqs(value);
              if (invalid.length > 0) throw new Error(t('violations.auditSeqsInvalid', { values: invalid.join(', ') }));
            },
          },
        ]}
      >
        <Input placeholder="1024, 1025" data-testid="case-form-seqs" />
      </Form.Item>
      {mayReadAlerts && (
        <Form.Item name="alertIds" label={t('violations.alerts')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} placeholder={t('violations.alertsPlaceholder')} options={alerts.map((a) => ({ value: a.id, label: alertLabel(a) }))} data-testid="case-form-alerts" />
        </Form.Item>
      )}
    </>
  );
}

/** What a suspension does, said before it is applied: it takes effect at once. */
export function SuspensionWarning({ kind }: { kind: ViolationSubjectKind | undefined }) {
  const { t } = useTranslation();
  const effect = kind === 'institution' ? t('violations.suspendEffectInstitution') : kind === 'department' ? t('violations.suspendEffectDepartment') : t('violations.suspendEffectUser');
  return <Alert type="error" showIcon title={t('violations.suspendWarning')} description={effect} data-testid="suspension-warning" style={{ marginBottom: 16 }} />;
}
