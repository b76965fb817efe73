import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REVIEW_DECISIONS, type CatalogField, type IdentificationLevel, type LocalizedName, type ReviewDecision, type ReviewInput, type ShareRequestForm } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { localName } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { identificationAtLeast } from './request-form';
import { narrowingFrom, narrowingStart, type NarrowingProblem } from './workflow';

interface ReviewValues {
  decision: ReviewDecision | undefined;
  reason: string;
  dropFields: Record<string, string[]>;
  accessDays: number | null;
  patientIds: string[];
  identification: IdentificationLevel;
}

/** What a review decides on: the parts of the request a narrowing may reduce. */
export type ReviewedForm = Pick<ShareRequestForm, 'resources' | 'accessDays' | 'patients' | 'identification'>;

/**
 * The reviewer's decision on the current step: approve, approve with narrowing (drop fields, shorten
 * the period, fewer patients, stronger identification), return for revision or reject — always with a reason.
 * `submit` sends it (a share request's review, or a referral's on the fast track) and answers what `onDecided` gets.
 */
export function ReviewPanel<T>({
  form: requestForm,
  submit,
  stepLabel,
  catalogNames,
  catalogFields,
  onDecided,
}: {
  form: ReviewedForm;
  submit: (input: ReviewInput) => Promise<T>;
  stepLabel: string;
  catalogNames: ReadonlyMap<string, LocalizedName>;
  catalogFields: Record<string, CatalogField[]>;
  onDecided: (decided: T) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<ReviewValues>();
  const decision = Form.useWatch('decision', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [problem, setProblem] = useState<NarrowingProblem>();
  const start = narrowingStart(requestForm);

  const fieldLabel = (code: string, name: string) => localName(catalogFields[code]?.find((f) => f.name === name)?.label, i18n.language) || name;

  const decide = async (values: ReviewValues) => {
    setProblem(undefined);
    setError(undefined);
    let narrowing;
    if (values.decision === 'narrow') {
      const built = narrowingFrom({ dropFields: values.dropFields ?? {}, accessDays: values.accessDays, patientIds: values.patientIds ?? [], identification: values.identification }, requestForm);
      if ('problem' in built) {
        setProblem(built.problem);
        return;
      }
      narrowing = built.narrowing;
    }
    if (!values.decision) return;
    setSaving(true);
    try {
      onDecided(await submit({ decision: values.decision, reason: values.reason.trim(), ...(narrowing ? { narrowing } : {}) }));
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('review.panelTitle', { step: stepLabel })} data-testid="review-panel" style={{ borderColor: '#1677ff' }}>
      <ErrorAlert error={error} testId="review-error" />
      {problem && <Alert type="error" showIcon title={t(`review.narrowProblem.${problem}`)} data-testid="review-narrow-problem" style={{ marginBottom: 16 }} />}
      <Form<ReviewValues>
        form={form}
        layout="vertical"
        disabled={saving}
        initialValues={{ decision: undefined, reason: '', dropFields: {}, accessDays: start.accessDays, patientIds: start.patientIds, identification: start.identification }}
        onFinish={(values) => void decide(values)}
      >
        <Form.Item name="decision" label={t('review.decision')} rules={[{ required: true, message: t('review.decisionRequired') }]}>
          <Radio.Group data-testid="review-decision">
            {REVIEW_DECISIONS.map((d) => (
              <Radio key={d} value={d} data-testid={`review-decision-${d}`}>
                {t(`decision.${d}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {decision === 'narrow' && (
          <Card size="small" type="inner" title={t('review.narrowing')} style={{ marginBottom: 16 }} data-testid="review-narrowing">
            <Typography.Paragraph type="secondary">{t('review.narrowingHint')}</Typography.Paragraph>
            {requestForm.resources.map((resource) => (
              <Form.Item key={resource.catalogCode} name={['dropFields', resource.catalogCode]} label={t('review.dropFields', { resource: localName(catalogNames.get(resource.catalogCode), i18n.language) || resource.catalogCode })}>
                <Checkbox.Group {...testId(`narrow-drop-${resource.catalogCode}`)}>
                  <Space wrap>
                    {resource.fields.map((field) => (
                      <Checkbox key={field.name} value={field.name} data-testid={`narrow-drop-${resource.catalogCode}-${field.name}`}>
                        {fieldLabel(resource.catalogCode, field.name)}
                      </Checkbox>
                    ))}
                  </Space>
                </Checkbox.Group>
              </Form.Item>
            ))}
            <Form.Item name="accessDays" label={t('review.accessDays', { days: requestForm.accessDays })}>
              <InputNumber min={1} max={requestForm.accessDays} precision={0} style={{ width: 160 }} data-testid="narrow-access-days" />
            </Form.Item>
            {requestForm.patients.kind === 'patients' && requestForm.patients.patientIds.length > 1 && (
              <Form.Item name="patientIds" label={t('review.patients', { count: requestForm.patients.patientIds.length })}>
                <Select mode="multiple" options={requestForm.patients.patientIds.map((id) => ({ value: id, label: id }))} data-testid="narrow-patients" />
              </Form.Item>
            )}
            <Form.Item name="identification" label={t('review.identification')}>
              <Radio.Group data-testid="narrow-identification">
                {identificationAtLeast(requestForm.identification).map((level) => (
                  <Radio key={level} value={level} data-testid={`narrow-identification-${level}`}>
                    {t(`identification.${level}`)}
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
          </Card>
        )}
        <Form.Item
          name="reason"
          label={t('review.reason')}
          rules={[
            { required: true, whitespace: true, message: t('review.reasonRequired') },
            {
              validator: async (_, value: string | undefined) => {
                if (value && value.trim() && [...value.trim()].length < 2) throw new Error(t('review.reasonTooShort'));
              },
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="review-reason" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} danger={decision === 'reject'} data-testid="review-submit">
          {t('review.submit')}
        </Button>
      </Form>
    </Card>
  );
}
