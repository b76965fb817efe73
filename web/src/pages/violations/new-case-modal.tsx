import { Checkbox, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { violationsApi } from '../../api/endpoints';
import type { ViolationCase, ViolationSubjectKind } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { EvidenceFields, SubjectFields, SuspensionWarning, useTextRules } from './case-form-fields';
import { evidenceInput, hasEvidence } from './evidence-input';

interface NewCaseValues {
  subjectKind: ViolationSubjectKind;
  subjectId: string;
  title: string;
  description: string;
  seqs?: string;
  alertIds?: string[];
  suspend?: boolean;
}

function SuspendField() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<NewCaseValues>();
  const suspend = Form.useWatch('suspend', form);
  const kind = Form.useWatch('subjectKind', form);
  return (
    <>
      <Form.Item name="suspend" valuePropName="checked" style={{ marginBottom: suspend ? 8 : undefined }}>
        <Checkbox data-testid="case-form-suspend">{t('violations.suspendOnOpen')}</Checkbox>
      </Form.Item>
      {suspend && <SuspensionWarning kind={kind} />}
    </>
  );
}

/** 立案: names the subject, what happened and the evidence; the subject may be suspended in the same step. */
export function NewCaseModal({ open, onClose, onOpened }: { open: boolean; onClose: () => void; onOpened: (opened: ViolationCase) => void }) {
  const { t } = useTranslation();
  const titleRules = useTextRules(t('violations.titleRequired'));
  const descriptionRules = useTextRules(t('violations.descriptionRequired'));
  return (
    <FormModal<NewCaseValues, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      title={t('violations.newTitle')}
      width={720}
      testIdPrefix="case-form"
      bodyTestId
      fields={['title', 'description']}
      initialValues={{ subjectKind: 'user', suspend: false }}
      okText={t('violations.open')}
      submit={async (values) => {
        const evidence = evidenceInput({ seqs: values.seqs, alertIds: values.alertIds });
        onOpened(
          await violationsApi.open({
            subject: { kind: values.subjectKind, id: values.subjectId },
            title: values.title.trim(),
            description: values.description.trim(),
            ...(hasEvidence(evidence) ? { evidence } : {}),
            ...(values.suspend ? { suspend: true } : {}),
          }),
        );
      }}
      onClose={onClose}
    >
      <SubjectFields />
      <Form.Item name="title" label={t('violations.caseTitle')} rules={titleRules}>
        <Input maxLength={200} data-testid="case-form-title" />
      </Form.Item>
      <Form.Item name="description" label={t('violations.description')} extra={t('violations.descriptionHint')} rules={descriptionRules}>
        <Input.TextArea rows={4} maxLength={10000} data-testid="case-form-description" />
      </Form.Item>
      <EvidenceFields />
      <SuspendField />
    </FormModal>
  );
}
