import { Alert, App, Button, Col, Divider, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi, consentsApi, institutionsApi, referralsApi } from '../../../api/endpoints';
import { URGENCIES, type Consent, type Institution, type Referral, type Urgency } from '../../../api/types';
import { useSession } from '../../../auth/session';
import { FormModal } from '../../../components/form-modal';
import { formatDateTime, localName } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { connectionBlocker, hospitalToday } from '../../institutions/agreement';
import { choiceProblem, consentCover, documentSet, keptResources, referralBody, type DocumentChoice, type DocumentSetEntry } from '../../referrals/referral-draft';
import { useReferralPolicy } from '../../referrals/use-referral-settings';
import { isReviewerRole } from '../../sharing/display';
import { useCatalogFields, useCatalogNames } from '../use-catalog';
import { DocumentSetPicker } from './document-set-picker';

interface FormValues {
  institutionId: string;
  urgency: Urgency;
  reason: string;
  clinicalSummary?: string;
  documents?: DocumentChoice;
}

const FIELDS = ['institutionId', 'urgency', 'reason', 'clinicalSummary'];
const REASON_MAX = 2000;
const SUMMARY_MAX = 8000;

interface Choices {
  /** Partners that can receive a referral today: active and within their agreement (the server's rule). */
  institutions: Institution[];
  /** Published catalog codes; null without catalog:read. */
  published: Set<string> | null;
  /** The patient's consents; null when the reader cannot list them. */
  consents: Consent[] | null;
}

/** What the form offers, read each time it opens (a consent may have been recorded meanwhile). */
function useChoices(open: boolean, patientId: string): Choices & { loading: boolean } {
  const { can } = useSession();
  const mayListInstitutions = can('institution:read');
  const mayListCatalog = can('catalog:read');
  const mayListConsents = can('consent:read');
  const [choices, setChoices] = useState<Choices>({ institutions: [], published: null, consents: null });
  const { loading } = useLoad(
    async (signal) => {
      if (!open) return undefined;
      const today = hospitalToday(new Date());
      const [institutions, catalog, consents] = await Promise.all([
        mayListInstitutions ? institutionsApi.list().then((r) => r.items) : Promise.resolve([]),
        mayListCatalog ? catalogApi.list({ status: 'published' }, signal).then((r) => new Set(r.items.map((c) => c.code))) : Promise.resolve(null),
        mayListConsents ? consentsApi.list(patientId, signal).then((r) => r.items, () => null) : Promise.resolve(null),
      ]);
      return { institutions: institutions.filter((i) => connectionBlocker(i, today) === null), published: catalog, consents };
    },
    (loaded) => {
      if (loaded) setChoices(loaded);
    },
    [open, patientId, mayListInstitutions, mayListCatalog, mayListConsents],
  );
  return { ...choices, loading };
}

/** The consent pre-check, before sending: the server refuses a referral the patient's consents do not cover. */
function ConsentCheck({
  institution,
  consents,
  codes,
  onRecordConsent,
}: {
  institution: Institution | undefined;
  consents: Consent[] | null;
  codes: string[];
  onRecordConsent: () => void;
}) {
  const { t, i18n } = useTranslation();
  const catalogNames = useCatalogNames();
  if (!institution) return null;
  const name = localName(institution.name, i18n.language) || institution.code;
  if (consents === null) return <Alert type="info" showIcon title={t('referral.consentUnknown')} style={{ marginBottom: 16 }} data-testid="refer-consent-unknown" />;
  const { inForce, uncovered } = consentCover(consents, institution.id, codes);
  const record = (
    <Button size="small" onClick={onRecordConsent} data-testid="refer-record-consent">
      {t('referral.recordConsent')}
    </Button>
  );
  if (inForce.length === 0) {
    return <Alert type="warning" showIcon title={t('referral.consentMissing', { name })} description={t('referral.consentMissingHint')} action={record} style={{ marginBottom: 16 }} data-testid="refer-consent-missing" />;
  }
  if (uncovered.length > 0) {
    const resources = uncovered.map((code) => localName(catalogNames.get(code), i18n.language) || code).join(t('narrowing.separator'));
    return <Alert type="warning" showIcon title={t('referral.consentPartial', { name, resources })} description={t('referral.consentPartialHint')} action={record} style={{ marginBottom: 16 }} data-testid="refer-consent-partial" />;
  }
  const latest = inForce[0]!;
  return (
    <Alert
      type="success"
      showIcon
      title={t('referral.consentOk', { name, evidence: t(`evidenceKind.${latest.evidence.kind}`), at: formatDateTime(latest.evidence.recordedAt, i18n.language) })}
      style={{ marginBottom: 16 }}
      data-testid="refer-consent-ok"
    />
  );
}

/**
 * 发起转诊: refers the patient to a partner institution. The server files a share request on the
 * partner's behalf (purpose referral, the patient's consent as basis, the referral document set) and
 * puts it on the fast-track review; the form shows what will be shared and checks the consent first.
 */
export function ReferModal({
  open,
  patientId,
  onClose,
  onReferred,
  onRecordConsent,
}: {
  open: boolean;
  patientId: string;
  onClose: () => void;
  onReferred: (referral: Referral) => void;
  /** Takes the clinician to the patient's consents to record one. */
  onRecordConsent: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { settings, template, loaded } = useReferralPolicy();
  const { institutions, published, consents, loading } = useChoices(open, patientId);
  const set: DocumentSetEntry[] = useMemo(() => documentSet(template, published, settings), [template, published, settings]);
  const catalogNames = useCatalogNames();
  const catalogFields = useCatalogFields(open ? set.map((e) => e.catalogCode) : []);
  const initialValues = useMemo<Partial<FormValues>>(() => ({ urgency: 'routine', documents: {} }), [open]);

  const submit = async (values: FormValues) => {
    const choice = values.documents ?? {};
    const problem = choiceProblem(set, choice);
    if (problem) throw new Error(t(`referral.problem.${problem}`));
    const referral = await referralsApi.refer(referralBody({ patientId, institutionId: values.institutionId, urgency: values.urgency, reason: values.reason, clinicalSummary: values.clinicalSummary }, set, choice));
    void message.success(t('referral.referred', { name: localName(referral.institution.name, i18n.language) }));
    onReferred(referral);
  };

  const reviewers = settings.reviewSteps.map((role) => (role === 'dept_head' ? t('referral.ownHead') : isReviewerRole(role) ? t(`reviewerRole.${role}`) : role)).join(' → ');

  return (
    <FormModal<FormValues, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      width={860}
      title={t('referral.referTitle')}
      testIdPrefix="refer-form"
      bodyTestId
      fields={FIELDS}
      initialValues={initialValues}
      okText={t('referral.referSubmit')}
      submit={submit}
      onClose={onClose}
    >
      <Alert type="info" showIcon title={t('referral.referIntro', { reviewers, minutes: settings.targetMinutes, days: settings.accessDays })} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} sm={16}>
          <Form.Item name="institutionId" label={t('referral.institution')} rules={[{ required: true, message: t('referral.institutionRequired') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={loading}
              options={institutions.map((i) => ({ value: i.id, label: `${localName(i.name, i18n.language)}（${t(`institutionKind.${i.kind}`)}）` }))}
              placeholder={t('referral.institutionPlaceholder')}
              notFoundContent={t('referral.noInstitutions')}
              data-testid="refer-institution"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="urgency" label={t('referral.urgency')}>
            <Radio.Group optionType="button" options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))} data-testid="refer-urgency" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item noStyle dependencies={['institutionId', 'documents']}>
        {({ getFieldValue }) => (
          <ConsentCheck
            institution={institutions.find((i) => i.id === getFieldValue('institutionId'))}
            consents={consents}
            codes={keptResources(set, (getFieldValue('documents') as DocumentChoice | undefined) ?? {})}
            onRecordConsent={onRecordConsent}
          />
        )}
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('referral.reason')}
        rules={[
          { required: true, whitespace: true, message: t('referral.reasonRequired') },
          { validator: async (_, value: string | undefined) => (value && value.trim() && [...value.trim()].length < 2 ? Promise.reject(new Error(t('referral.reasonRequired'))) : undefined) },
        ]}
      >
        <Input.TextArea rows={2} maxLength={REASON_MAX} showCount placeholder={t('referral.reasonPlaceholder')} data-testid="refer-reason" />
      </Form.Item>
      <Form.Item name="clinicalSummary" label={t('referral.clinicalSummary')} extra={t('referral.clinicalSummaryHint')}>
        <Input.TextArea rows={3} maxLength={SUMMARY_MAX} placeholder={t('referral.clinicalSummaryPlaceholder')} data-testid="refer-summary" />
      </Form.Item>
      <Divider titlePlacement="start" plain>
        {t('referral.documents')}
      </Divider>
      <Typography.Paragraph type="secondary">{t('referral.documentsHint', { months: settings.lookbackMonths })}</Typography.Paragraph>
      {loaded && set.length === 0 ? (
        <Alert type="error" showIcon title={t('referral.documentsUnset')} data-testid="refer-documents-unset" />
      ) : (
        <Form.Item name="documents" noStyle>
          <DocumentSetPicker set={set} catalogNames={catalogNames} catalogFields={catalogFields} lookbackMonths={settings.lookbackMonths} />
        </Form.Item>
      )}
    </FormModal>
  );
}
