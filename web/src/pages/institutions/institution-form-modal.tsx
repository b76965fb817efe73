import { App, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { institutionsApi } from '../../api/endpoints';
import {
  INSTITUTION_KINDS,
  INSTITUTION_STATUSES,
  type Institution,
  type InstitutionKind,
  type InstitutionStatus,
  type LocalizedName,
} from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { localName } from '../../lib/format';
import { institutionChanges, newInstitution, type InstitutionDraft } from './institution-form';

interface FormValues {
  code: string;
  name: LocalizedName;
  kind: InstitutionKind;
  status: InstitutionStatus;
  agreementStart?: Dayjs | null;
  agreementEnd?: Dayjs | null;
  contactName?: string;
  contactPhone?: string;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9_-]{1,31}$/;
const PHONE_PATTERN = /^[0-9+() -]{3,32}$/;
const FIELDS = ['code', 'name.zh', 'name.en', 'kind', 'status', 'agreementStart', 'agreementEnd', 'contactName', 'contactPhone'];

const toDate = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

export function InstitutionFormModal({
  open,
  institution,
  onClose,
  onSaved,
}: {
  open: boolean;
  institution?: Institution | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const editing = institution !== undefined;

  const submit = async (values: FormValues) => {
    const draft: InstitutionDraft = {
      ...values,
      agreementStart: toDate(values.agreementStart),
      agreementEnd: toDate(values.agreementEnd),
    };
    if (institution) {
      const changes = institutionChanges(institution, draft);
      const saved = Object.keys(changes).length > 0 ? await institutionsApi.update(institution.id, changes) : institution;
      void message.success(t('institution.updated', { name: localName(saved.name, i18n.language) }));
    } else {
      const saved = await institutionsApi.create(newInstitution(draft));
      void message.success(t('institution.created', { name: localName(saved.name, i18n.language) }));
    }
    onSaved();
  };

  return (
    <FormModal<FormValues, Institution>
      open={open}
      record={institution}
      valuesOf={(i) => ({
        code: i.code,
        name: i.name,
        kind: i.kind,
        status: i.status,
        agreementStart: i.agreementStart ? dayjs(i.agreementStart) : null,
        agreementEnd: i.agreementEnd ? dayjs(i.agreementEnd) : null,
        contactName: i.contactName ?? '',
        contactPhone: i.contactPhone ?? '',
      })}
      width={640}
      title={editing ? t('institution.editTitle', { name: localName(institution.name, i18n.language) }) : t('institution.createTitle')}
      testIdPrefix="institution-form"
      fields={FIELDS}
      initialValues={{ kind: 'referral_hospital', status: 'active' }}
      submit={submit}
      onClose={onClose}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="code"
            label={t('institution.code')}
            rules={[
              { required: true, message: t('institution.codeRequired') },
              { pattern: CODE_PATTERN, message: t('institution.codePattern') },
            ]}
            normalize={(value?: string) => value?.toUpperCase()}
          >
            <Input disabled={editing} autoComplete="off" data-testid="institution-form-code" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="kind" label={t('institution.kind')} rules={[{ required: true, message: t('institution.kindRequired') }]}>
            <Select
              options={INSTITUTION_KINDS.map((kind) => ({ value: kind, label: t(`institutionKind.${kind}`) }))}
              data-testid="institution-form-kind"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={['name', 'zh']}
            label={t('institution.nameZh')}
            rules={[{ required: true, whitespace: true, max: 100, message: t('institution.nameZhRequired') }]}
          >
            <Input lang="zh-CN" autoComplete="off" data-testid="institution-form-name-zh" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={['name', 'en']}
            label={t('institution.nameEn')}
            rules={[{ required: true, whitespace: true, max: 100, message: t('institution.nameEnRequired') }]}
          >
            <Input lang="en" autoComplete="off" data-testid="institution-form-name-en" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="agreementStart" label={t('institution.agreementStart')}>
            <DatePicker style={{ width: '100%' }} data-testid="institution-form-agreement-start" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="agreementEnd"
            label={t('institution.agreementEnd')}
            dependencies={['agreementStart']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null | undefined) => {
                  const start = getFieldValue('agreementStart') as Dayjs | null | undefined;
                  return value && start && value.isBefore(start, 'day')
                    ? Promise.reject(new Error(t('institution.agreementOrder')))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} data-testid="institution-form-agreement-end" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="contactName" label={t('institution.contactName')} rules={[{ max: 64 }]}>
            <Input autoComplete="off" data-testid="institution-form-contact-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="contactPhone" label={t('institution.contactPhone')} rules={[{ pattern: PHONE_PATTERN, message: t('user.phoneInvalid') }]}>
            <Input autoComplete="off" data-testid="institution-form-contact-phone" />
          </Form.Item>
        </Col>
        {editing && (
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('institution.status')}>
              <Select
                options={INSTITUTION_STATUSES.map((status) => ({ value: status, label: t(`institutionStatus.${status}`) }))}
                data-testid="institution-form-status"
              />
            </Form.Item>
          </Col>
        )}
      </Row>
    </FormModal>
  );
}
