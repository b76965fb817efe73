import { Alert, App, Col, DatePicker, Divider, Form, Input, Radio, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi, consentsApi, institutionsApi } from '../../../api/endpoints';
import { EVIDENCE_KINDS, type CatalogResourceSummary, type Consent, type EvidenceKind, type Institution, type UploadedConsentForm } from '../../../api/types';
import { useSession } from '../../../auth/session';
import { FormModal } from '../../../components/form-modal';
import { localName } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { useAccessSettings } from '../use-access-settings';
import { ClinicianSelect } from './clinician-select';
import { consentBody, draftProblem, isClinician, type ConsentDraft } from './consent-draft';
import { FormUpload } from './form-upload';

interface FormValues {
  recipientId: string;
  purpose: string;
  catalogCodes?: string[];
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  evidenceKind: EvidenceKind;
  clinicianId?: string | null;
  form?: UploadedConsentForm | null;
  recordedAt: Dayjs;
  note?: string;
}

const FIELDS = ['recipientId', 'purpose', 'catalogCodes'];
const NOTE_MAX = 2000;
const day = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

/** Institutions a consent may name (the server takes active ones only) and published catalog resources. */
function useChoices(open: boolean): { institutions: Institution[]; catalog: CatalogResourceSummary[] } {
  const { can } = useSession();
  const [institutions, setInstitutions] = useState<Institution[]>([]);
  const [catalog, setCatalog] = useState<CatalogResourceSummary[]>([]);
  const mayListInstitutions = can('institution:read');
  const mayListCatalog = can('catalog:read');
  useLoad(
    async (signal) => {
      if (!open) return undefined;
      const [i, c] = await Promise.all([
        mayListInstitutions ? institutionsApi.list() : { items: [] },
        mayListCatalog ? catalogApi.list({ status: 'published' }, signal) : { items: [] },
      ]);
      return { institutions: i.items.filter((x) => x.status === 'active'), catalog: c.items };
    },
    (loaded) => {
      if (!loaded) return;
      setInstitutions(loaded.institutions);
      setCatalog(loaded.catalog);
    },
    [open, mayListInstitutions, mayListCatalog],
  );
  return { institutions, catalog };
}

/**
 * 记录患者单独同意: to whom, why, which resources, for how long, and its evidence — a verbal consent
 * taken by a clinician or a signed form uploaded first.
 */
export function RecordConsentModal({ open, patientId, onClose, onRecorded }: { open: boolean; patientId: string; onClose: () => void; onRecorded: (consent: Consent) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const { settings } = useAccessSettings();
  const { institutions, catalog } = useChoices(open);
  const meClinician = me && isClinician(me.user) ? me.user.id : null;
  // Fresh each time the modal opens: "now" for when the consent was given.
  const initialValues = useMemo<Partial<FormValues>>(
    () => ({ evidenceKind: 'verbal', clinicianId: meClinician, recordedAt: dayjs().second(0).millisecond(0), catalogCodes: [] }),
    [open, meClinician],
  );

  const submit = async (values: FormValues) => {
    // The reader's calendar day: the period's days are picked in the reader's calendar.
    const today = dayjs().format('YYYY-MM-DD');
    const draft: ConsentDraft = {
      recipientId: values.recipientId,
      purpose: values.purpose,
      catalogCodes: values.catalogCodes,
      validFromDay: day(values.validFrom),
      validToDay: day(values.validTo),
      evidenceKind: values.evidenceKind,
      clinicianId: values.clinicianId && values.clinicianId !== me?.user.id ? values.clinicianId : null,
      form: values.form ?? null,
      recordedAt: values.recordedAt.toDate(),
      note: values.note,
    };
    const problem = draftProblem(draft, today, new Date());
    if (problem) throw new Error(t(`consent.problem.${problem}`));
    const consent = await consentsApi.record(patientId, consentBody(draft, today));
    void message.success(t('consent.recorded', { name: localName(consent.recipient.name, i18n.language) }));
    onRecorded(consent);
  };

  return (
    <FormModal<FormValues, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      width={720}
      title={t('consent.recordTitle')}
      testIdPrefix="consent-record-form"
      bodyTestId
      fields={FIELDS}
      initialValues={initialValues}
      okText={t('consent.recordSubmit')}
      submit={submit}
      onClose={onClose}
    >
      <Alert type="info" showIcon title={t('consent.recordIntro')} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="recipientId" label={t('consent.recipient')} rules={[{ required: true, message: t('consent.recipientRequired') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={institutions.map((i) => ({ value: i.id, label: `${localName(i.name, i18n.language)}（${t(`institutionKind.${i.kind}`)}）` }))}
              placeholder={t('consent.recipientPlaceholder')}
              data-testid="consent-record-recipient"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="purpose" label={t('consent.purpose')} rules={[{ required: true, message: t('consent.purposeRequired') }]}>
            <Select
              options={settings.purposes.map((p) => ({ value: p.code, label: localName(p.label, i18n.language) || p.code }))}
              placeholder={t('consent.purposePlaceholder')}
              data-testid="consent-record-purpose"
            />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="catalogCodes" label={t('consent.resources')} extra={t('consent.resourcesHint')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={catalog.map((c) => ({ value: c.code, label: localName(c.name, i18n.language) || c.code }))}
              placeholder={t('consent.allResources')}
              maxTagCount="responsive"
              data-testid="consent-record-catalog"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="validFrom" label={t('consent.validFrom')}>
            <DatePicker style={{ width: '100%' }} placeholder={t('consent.fromNow')} disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="consent-record-valid-from" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="validTo"
            label={t('consent.validTo')}
            dependencies={['validFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null | undefined) => {
                  const from = (getFieldValue('validFrom') as Dayjs | null | undefined) ?? dayjs();
                  return value && value.isBefore(from, 'day') ? Promise.reject(new Error(t('consent.problem.periodOrder'))) : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} placeholder={t('consent.untilWithdrawn')} disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="consent-record-valid-to" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {t('consent.evidence')}
      </Divider>
      <Form.Item name="evidenceKind" label={t('consent.evidenceKind')}>
        <Radio.Group optionType="button" options={EVIDENCE_KINDS.map((kind) => ({ value: kind, label: t(`evidenceKind.${kind}`) }))} data-testid="consent-record-evidence" />
      </Form.Item>
      <Form.Item noStyle dependencies={['evidenceKind']}>
        {({ getFieldValue }) =>
          getFieldValue('evidenceKind') === 'signed-form' ? (
            <Form.Item name="form" label={t('consent.signedForm')} rules={[{ required: true, message: t('consent.problem.formMissing') }]}>
              <FormUpload patientId={patientId} />
            </Form.Item>
          ) : (
            <Form.Item name="clinicianId" label={t('consent.clinician')} extra={t('consent.clinicianHint')} rules={[{ required: true, message: t('consent.clinicianRequired') }]}>
              <ClinicianSelect />
            </Form.Item>
          )
        }
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="recordedAt"
            label={t('consent.recordedAt')}
            rules={[
              { required: true, message: t('consent.recordedAtRequired') },
              { validator: (_, value: Dayjs | undefined) => (value && value.isAfter(dayjs()) ? Promise.reject(new Error(t('consent.problem.recordedInFuture'))) : Promise.resolve()) },
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="consent-record-recorded-at" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="note" label={t('consent.note')} rules={[{ max: NOTE_MAX }]}>
        <Input.TextArea rows={2} maxLength={NOTE_MAX} placeholder={t('consent.notePlaceholder')} data-testid="consent-record-note" />
      </Form.Item>
    </FormModal>
  );
}
