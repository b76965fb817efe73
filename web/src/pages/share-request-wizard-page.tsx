import { ArrowLeftOutlined, DeleteOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { catalogApi, shareRequestsApi } from '../api/endpoints';
import {
  DELIVERY_CHANNELS,
  IDENTIFICATION_LEVELS,
  LEGAL_BASES,
  PATIENT_SCOPE_KINDS,
  RECIPIENT_KINDS,
  type CatalogField,
  type CatalogResourceSummary,
  type Finding,
  type PatientScopeKind,
  type RecipientKind,
} from '../api/types';
import { useMe } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { localName } from '../lib/format';
import { testId } from '../lib/test-id';
import { useLoad } from '../lib/use-load';
import { IdentifierKindTag, LevelTag, policyCategoryLabel, ShareTypeTag } from './catalog/catalog-tags';
import { catalogFieldsOf, useCatalogFields } from './patients/use-catalog';
import { BLOCKED_CODE } from './sharing/findings';
import { PrecheckPanel } from './sharing/precheck-panel';
import {
  addResource,
  draftFromRequest,
  draftProblems,
  emptyDraft,
  extraFields,
  MAX_ACCESS_DAYS,
  MAX_JUSTIFICATION,
  MAX_LEGAL_TEXT,
  MAX_TITLE,
  necessaryFieldsOf,
  onlyNecessary,
  parsePatientIds,
  purposeTemplate,
  removeResource,
  setJustification,
  stepOfProblem,
  stepProblems,
  toDraftInput,
  toggleField,
  toShareForm,
  WIZARD_STEPS,
  type DraftProblem,
  type ResourceDraft,
  type WizardDraft,
  type WizardStep,
} from './sharing/request-form';
import { PatientPicker } from './sharing/patient-picker';
import { ExportNote, RequestSummary } from './sharing/request-summary';
import { useDirectory, useSharingSettings } from './sharing/use-sharing';

const PRECHECK_DELAY_MS = 500;

type DayRange = [Dayjs | null, Dayjs | null] | null;

/** An [from, to) pair of ISO instants shown as the days it covers. */
function toRange(from: string | null, to: string | null): DayRange {
  if (!from && !to) return null;
  return [from ? dayjs(from) : null, to ? dayjs(to).subtract(1, 'day') : null];
}

function fromRange(range: DayRange): { from: string | null; to: string | null } {
  return {
    from: range?.[0] ? range[0].startOf('day').toISOString() : null,
    to: range?.[1] ? range[1].add(1, 'day').startOf('day').toISOString() : null,
  };
}

function Problems({ problems }: { problems: readonly DraftProblem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="wizard-problems"
      title={t('wizard.problemsTitle')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {problems.map((p) => (
            <li key={p}>{t(`wizard.problem.${p}`)}</li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * 共享申请: the Share Request Form (《信息共享申请表》) as a wizard — recipient, purpose and legal basis;
 * resources and their fields against the purpose's necessary fields; patients, period, channel and
 * identification; then a read-back. The server's pre-checks run live beside it. A draft can be saved at
 * any step once it is a complete form; submitting saves and submits, and a blocked submission shows why.
 */
export default function ShareRequestWizardPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const { id: editId } = useParams();
  const settings = useSharingSettings();
  const directory = useDirectory();

  const [draft, setDraft] = useState<WizardDraft>(() => emptyDraft(me.user.departmentId));
  const [patientText, setPatientText] = useState('');
  const [saved, setSaved] = useState<{ id: string; etag: string }>();
  const [stepIndex, setStepIndex] = useState(0);
  const [attempted, setAttempted] = useState<ReadonlySet<WizardStep>>(new Set());
  const [busy, setBusy] = useState<'save' | 'submit'>();
  const [actionError, setActionError] = useState<unknown>();
  const [notEditable, setNotEditable] = useState(false);
  const [catalog, setCatalog] = useState<CatalogResourceSummary[]>([]);

  const existing = useLoad(
    async (signal) => (editId ? shareRequestsApi.get(editId, signal) : undefined),
    (found) => {
      if (!found) return;
      const { request, etag } = found;
      if (request.requesterId !== me.user.id || (request.state !== 'draft' && request.state !== 'returned')) {
        setNotEditable(true);
        return;
      }
      setDraft(draftFromRequest(request));
      setPatientText(request.form.patients.kind === 'patients' ? request.form.patients.patientIds.join('\n') : '');
      setSaved({ id: request.id, etag });
    },
    [editId],
  );
  const catalogLoad = useLoad((signal) => catalogApi.list({ status: 'published' }, signal), ({ items }) => setCatalog(items), []);

  const catalogNames = useMemo(() => new Map(catalog.map((c) => [c.code, c.name])), [catalog]);
  const codes = draft.resources.map((r) => r.catalogCode);
  const dictionaries = useCatalogFields(codes);
  const template = purposeTemplate(settings.purposes, draft.purpose);
  const step = WIZARD_STEPS[stepIndex] ?? 'basics';

  // ── live pre-check ──
  const built = useMemo(() => toShareForm(draft), [draft]);
  const formKey = 'form' in built ? JSON.stringify(built.form) : null;
  const [precheck, setPrecheck] = useState<{ key: string; findings: Finding[] }>();
  const [checking, setChecking] = useState(false);
  const [precheckError, setPrecheckError] = useState<unknown>();
  useEffect(() => {
    if (!formKey) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setChecking(true);
      shareRequestsApi
        .precheck(JSON.parse(formKey) as Parameters<typeof shareRequestsApi.precheck>[0], controller.signal)
        .then(({ findings }) => {
          setPrecheck({ key: formKey, findings });
          setPrecheckError(undefined);
        })
        .catch((err: unknown) => {
          if (!controller.signal.aborted) setPrecheckError(err);
        })
        .finally(() => {
          if (!controller.signal.aborted) setChecking(false);
        });
    }, PRECHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
      setChecking(false);
    };
  }, [formKey]);

  if (editId && existing.loading && !saved) return <PageSpinner />;
  if (notEditable) {
    return (
      <Result
        status="warning"
        title={t('wizard.notEditable')}
        extra={
          <Link to={`/share-requests/${encodeURIComponent(editId ?? '')}`}>
            <Button type="primary">{t('wizard.openRequest')}</Button>
          </Link>
        }
      />
    );
  }

  const update = (change: (d: WizardDraft) => WizardDraft) => setDraft((d) => change(d));
  const shown = (s: WizardStep) => (attempted.has(s) ? stepProblems(draft, s) : []);
  const problemStatus = (s: WizardStep, ...problems: DraftProblem[]) => (shown(s).some((p) => problems.includes(p)) ? 'error' : undefined);

  const goTo = (target: number) => {
    if (target > stepIndex) {
      // Moving on checks every step passed over.
      for (let i = stepIndex; i < target; i += 1) {
        const s = WIZARD_STEPS[i]!;
        if (stepProblems(draft, s).length > 0) {
          setAttempted((a) => new Set(a).add(s));
          setStepIndex(i);
          return;
        }
      }
    }
    setStepIndex(target);
  };

  const saveDraft = async (): Promise<{ id: string; etag: string } | undefined> => {
    const input = toDraftInput(draft);
    if (!input) {
      const problems = draftProblems(draft);
      setAttempted(new Set(WIZARD_STEPS));
      if (problems[0]) setStepIndex(WIZARD_STEPS.indexOf(stepOfProblem(problems[0])));
      void message.error(t('wizard.cannotSave'));
      return undefined;
    }
    const result = saved ? await shareRequestsApi.update(saved.id, input, saved.etag) : await shareRequestsApi.create(input);
    const next = { id: result.request.id, etag: result.etag };
    // The address stays as it is: the saved draft is listed under my requests and opens from there.
    setSaved(next);
    return next;
  };

  const save = async () => {
    setBusy('save');
    setActionError(undefined);
    try {
      if (await saveDraft()) void message.success(t('wizard.saved'));
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(undefined);
    }
  };

  const submit = async () => {
    const problems = draftProblems(draft);
    if (problems.length > 0) {
      setAttempted(new Set(WIZARD_STEPS));
      setStepIndex(WIZARD_STEPS.indexOf(stepOfProblem(problems[0]!)));
      return;
    }
    setBusy('submit');
    setActionError(undefined);
    let target: { id: string; etag: string } | undefined;
    try {
      target = await saveDraft();
      if (!target) return;
      const submitted = await shareRequestsApi.submit(target.id);
      void message.success(t('shareRequest.submitted'));
      navigate(`/share-requests/${encodeURIComponent(submitted.id)}`);
    } catch (err) {
      setActionError(err);
      // A blocked submission stored the findings and a new version: show them, keep editing from it.
      if (target && err instanceof ApiError && err.code === BLOCKED_CODE) {
        const reloaded = await shareRequestsApi.get(target.id).catch(() => undefined);
        if (reloaded) {
          setSaved({ id: reloaded.request.id, etag: reloaded.etag });
          if (formKey) setPrecheck({ key: formKey, findings: reloaded.request.findings });
        }
      }
    } finally {
      setBusy(undefined);
    }
  };

  // ── step 1: recipient, purpose, legal basis ──
  const basics = (
    <Form layout="vertical" component="div">
      <Problems problems={shown('basics')} />
      <Form.Item label={t('wizard.title')} required validateStatus={problemStatus('basics', 'title')} extra={t('wizard.titleHint')}>
        <Input value={draft.title} maxLength={MAX_TITLE} onChange={(e) => update((d) => ({ ...d, title: e.target.value }))} data-testid="wizard-title" />
      </Form.Item>
      <Form.Item label={t('shareRequest.recipient')} required validateStatus={problemStatus('basics', 'recipient')} extra={t('wizard.recipientHint')}>
        <Space.Compact style={{ width: '100%' }}>
          <Select<RecipientKind>
            value={draft.recipientKind}
            style={{ width: 140 }}
            options={RECIPIENT_KINDS.map((k) => ({ value: k, label: t(`recipientKind.${k}`) }))}
            onChange={(kind) => update((d) => ({ ...d, recipientKind: kind, recipientId: kind === 'department' ? me.user.departmentId : null }))}
            data-testid="wizard-recipient-kind"
          />
          <Select<string>
            showSearch={{ optionFilterProp: 'label' }}
            value={draft.recipientId ?? undefined}
            placeholder={t('wizard.recipientPlaceholder')}
            style={{ flex: 1 }}
            options={
              draft.recipientKind === 'department'
                ? directory.departments.filter((d) => d.status === 'active').map((d) => ({ value: d.id, label: localName(d.name, i18n.language) }))
                : directory.institutions.filter((i) => i.status === 'active').map((i) => ({ value: i.id, label: localName(i.name, i18n.language) }))
            }
            onChange={(value) => update((d) => ({ ...d, recipientId: value }))}
            data-testid="wizard-recipient"
          />
        </Space.Compact>
      </Form.Item>
      <Form.Item
        label={t('shareRequest.purpose')}
        required
        validateStatus={problemStatus('basics', 'purpose')}
        extra={
          template
            ? t('wizard.purposeHint', {
                categories: template.categories.map((c) => policyCategoryLabel(t, c)).join(t('narrowing.separator')),
                days: template.maxAccessDays,
                scope: t(`wizard.purposeScope.${template.patientScope}`),
              })
            : t('wizard.purposeChoose')
        }
      >
        <Select<string>
          value={draft.purpose ?? undefined}
          placeholder={t('wizard.purposePlaceholder')}
          options={settings.purposes.map((p) => ({ value: p.purpose, label: settings.purposeLabel(p.purpose) }))}
          onChange={(purpose) => update((d) => ({ ...d, purpose }))}
          data-testid="wizard-purpose"
        />
      </Form.Item>
      <Form.Item label={t('shareRequest.legalBasis')} required validateStatus={problemStatus('basics', 'legalBasis')}>
        <Radio.Group value={draft.legalBasis ?? undefined} onChange={(e) => update((d) => ({ ...d, legalBasis: e.target.value as WizardDraft['legalBasis'] }))} data-testid="wizard-legal-basis">
          <Space orientation="vertical">
            {LEGAL_BASES.map((k) => (
              <Radio key={k} value={k} data-testid={`wizard-legal-basis-${k}`}>
                {t(`legalBasis.${k}`)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item label={t('wizard.legalText')} required={draft.legalBasis === 'other'} validateStatus={problemStatus('basics', 'legalBasisText')} extra={t('wizard.legalTextHint')}>
        <Input.TextArea rows={2} maxLength={MAX_LEGAL_TEXT} value={draft.legalBasisText} onChange={(e) => update((d) => ({ ...d, legalBasisText: e.target.value }))} data-testid="wizard-legal-text" />
      </Form.Item>
    </Form>
  );

  // ── step 2: resources and fields ──
  const addable = catalog.filter((c) => !codes.includes(c.code));
  const add = (code: string) => {
    setActionError(undefined);
    catalogFieldsOf(code).then(
      (fields) => update((d) => addResource(d, code, necessaryFieldsOf(template, code), fields.map((f) => f.name))),
      (err: unknown) => setActionError(err),
    );
  };

  const resourceCard = (resource: ResourceDraft) => {
    const code = resource.catalogCode;
    const summary = catalog.find((c) => c.code === code);
    const dictionary = dictionaries[code] ?? [];
    const necessary = necessaryFieldsOf(template, code);
    const extras = extraFields(resource.fields, necessary);
    const columns: TableColumnsType<CatalogField> = [
      {
        title: '',
        key: 'check',
        width: 44,
        render: (_, field) => (
          <Checkbox
            checked={resource.fields.includes(field.name)}
            onChange={(e) => update((d) => toggleField(d, code, field.name, e.target.checked))}
            aria-label={localName(field.label, i18n.language)}
            data-testid={`wizard-field-${code}-${field.name}`}
          />
        ),
      },
      {
        title: t('wizard.field'),
        key: 'field',
        render: (_, field) => {
          const description = localName(field.description, i18n.language);
          const label = (
            <span>
              {localName(field.label, i18n.language)}{' '}
              <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                {field.name}
              </Typography.Text>
            </span>
          );
          return description ? <Tooltip title={description}>{label}</Tooltip> : label;
        },
      },
      { title: t('resource.fieldLevel'), key: 'level', width: 80, render: (_, field) => <LevelTag level={field.level} /> },
      { title: t('resource.identifierKind'), key: 'identifierKind', width: 110, render: (_, field) => <IdentifierKindTag kind={field.identifierKind} /> },
      {
        title: t('wizard.necessity'),
        key: 'necessity',
        width: 110,
        render: (_, field) =>
          necessary === null ? (
            <Typography.Text type="secondary">—</Typography.Text>
          ) : necessary.includes(field.name) ? (
            <Tag color="success" data-testid="wizard-necessary">
              {t('compare.verdicts.necessary')}
            </Tag>
          ) : extras.includes(field.name) ? (
            <Tag color="warning" data-testid="wizard-extra">
              {t('compare.verdicts.extra')}
            </Tag>
          ) : null,
      },
      {
        title: t('compare.justification'),
        key: 'justification',
        width: 280,
        render: (_, field) =>
          extras.includes(field.name) ? (
            <Input
              size="small"
              maxLength={MAX_JUSTIFICATION}
              value={resource.justifications[field.name] ?? ''}
              placeholder={t('wizard.justificationPlaceholder')}
              status={(resource.justifications[field.name] ?? '').trim() ? undefined : 'warning'}
              onChange={(e) => update((d) => setJustification(d, code, field.name, e.target.value))}
              data-testid={`wizard-justification-${code}-${field.name}`}
            />
          ) : null,
      },
    ];
    return (
      <Card
        key={code}
        size="small"
        type="inner"
        style={{ marginBottom: 16 }}
        data-testid={`wizard-resource-${code}`}
        title={
          <Space size={6} wrap>
            <span>{localName(summary?.name, i18n.language) || code}</span>
            <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
              {code}
            </Typography.Text>
            {summary && <ShareTypeTag shareType={summary.shareType} />}
            {summary && <LevelTag level={summary.defaultLevel} specialCategory={summary.specialCategory} />}
          </Space>
        }
        extra={
          <Space size={4}>
            <Button size="small" disabled={necessary === null} onClick={() => update((d) => onlyNecessary(d, code, necessary ?? [], dictionary.map((f) => f.name)))} data-testid={`wizard-only-necessary-${code}`}>
              {t('wizard.onlyNecessary')}
            </Button>
            <Button size="small" danger icon={<DeleteOutlined />} onClick={() => update((d) => removeResource(d, code))} aria-label={t('wizard.removeResource')} data-testid={`wizard-remove-${code}`} />
          </Space>
        }
      >
        {necessary === null && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={draft.purpose ? t('wizard.noTemplate') : t('wizard.choosePurposeFirst')} />}
        <Table<CatalogField>
          rowKey="name"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={dictionary}
          loading={dictionary.length === 0}
          scroll={{ x: 800 }}
          rowClassName={(field) => (extras.includes(field.name) ? 'yx-row-extra' : '')}
          onRow={(field) => testId(`wizard-field-row-${code}-${field.name}`)}
          footer={() => t('wizard.fieldsChosen', { count: resource.fields.length, total: dictionary.length, extra: extras.length })}
        />
      </Card>
    );
  };

  const resources = (
    <div>
      <Problems problems={shown('resources')} />
      <ErrorAlert error={catalogLoad.error} />
      <Form layout="vertical" component="div">
        <Form.Item label={t('wizard.addResource')} extra={t('wizard.addResourceHint')}>
          <Select<string>
            // Emptied after each choice: a new key per set of chosen resources.
            key={codes.join(',')}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('wizard.addResourcePlaceholder')}
            loading={catalogLoad.loading}
            options={addable.map((c) => ({ value: c.code, label: `${localName(c.name, i18n.language)} · ${c.code}` }))}
            onChange={(code) => add(code)}
            data-testid="wizard-add-resource"
          />
        </Form.Item>
      </Form>
      {draft.resources.length === 0 ? <Empty description={t('wizard.noResources')} /> : draft.resources.map(resourceCard)}
    </div>
  );

  // ── step 3: patients, period, channel, identification ──
  const c = draft.criteria;
  const scope = (
    <Form layout="vertical" component="div">
      <Problems problems={shown('scope')} />
      <Form.Item label={t('shareRequest.patients')} required extra={template?.patientScope === 'named' ? t('wizard.namedOnly') : undefined}>
        <Radio.Group value={draft.patientsKind} onChange={(e) => update((d) => ({ ...d, patientsKind: e.target.value as PatientScopeKind }))} data-testid="wizard-patients-kind">
          {PATIENT_SCOPE_KINDS.map((k) => (
            <Radio key={k} value={k} data-testid={`wizard-patients-kind-${k}`}>
              {t(`wizard.patientsKind.${k}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      {draft.patientsKind === 'patients' && (
        <Form.Item
          label={t('wizard.patientIds')}
          required
          validateStatus={problemStatus('scope', 'patientIds', 'patientIdInvalid')}
          extra={t('wizard.patientIdsHint', { count: draft.patientIds.length })}
        >
          <PatientPicker
            selected={draft.patientIds}
            onAdd={(patientId) => {
              const text = patientText.trim() ? `${patientText.trim()}\n${patientId}` : patientId;
              setPatientText(text);
              const patientIds = parsePatientIds(text);
              update((d) => ({ ...d, patientIds }));
            }}
          />
          <Input.TextArea
            rows={4}
            value={patientText}
            placeholder={t('wizard.patientIdsPlaceholder')}
            onChange={(e) => {
              setPatientText(e.target.value);
              const patientIds = parsePatientIds(e.target.value);
              update((d) => ({ ...d, patientIds }));
            }}
            data-testid="wizard-patient-ids"
          />
        </Form.Item>
      )}
      {draft.patientsKind === 'criteria' && (
        <Card size="small" type="inner" style={{ marginBottom: 16 }}>
          <Form.Item label={t('wizard.criteriaDepartment')} validateStatus={problemStatus('scope', 'criteria')}>
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={c.departmentCode ?? undefined}
              options={directory.departments.map((d) => ({ value: d.code, label: `${localName(d.name, i18n.language)} · ${d.code}` }))}
              onChange={(code) => update((d) => ({ ...d, criteria: { ...d.criteria, departmentCode: code ?? null } }))}
              data-testid="wizard-criteria-department"
            />
          </Form.Item>
          <Form.Item label={t('wizard.criteriaPeriod')} validateStatus={problemStatus('scope', 'criteriaRange')}>
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              value={toRange(c.from, c.to)}
              onChange={(range) => update((d) => ({ ...d, criteria: { ...d.criteria, ...fromRange(range) } }))}
              data-testid="wizard-criteria-period"
            />
          </Form.Item>
          <Form.Item label={t('wizard.criteriaDiagnosis')} validateStatus={problemStatus('scope', 'diagnosisCode')} extra={t('wizard.criteriaDiagnosisHint')} style={{ marginBottom: 0 }}>
            <Input value={c.diagnosisCode} maxLength={200} placeholder="http://hl7.org/fhir/sid/icd-10|E11" onChange={(e) => update((d) => ({ ...d, criteria: { ...d.criteria, diagnosisCode: e.target.value } }))} data-testid="wizard-criteria-diagnosis" />
          </Form.Item>
        </Card>
      )}
      {draft.patientsKind === 'all' && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('wizard.allPatientsHint')} />}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item label={t('shareRequest.dataPeriod')} validateStatus={problemStatus('scope', 'dataRange')} extra={t('wizard.dataPeriodHint')}>
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              value={toRange(draft.dataFrom, draft.dataTo)}
              onChange={(range) => {
                const { from, to } = fromRange(range);
                update((d) => ({ ...d, dataFrom: from, dataTo: to }));
              }}
              data-testid="wizard-data-period"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('wizard.accessDays')}
            required
            validateStatus={problemStatus('scope', 'accessDays')}
            extra={template ? t('wizard.accessDaysMax', { days: template.maxAccessDays }) : undefined}
          >
            <InputNumber min={1} max={MAX_ACCESS_DAYS} precision={0} value={draft.accessDays} onChange={(value) => update((d) => ({ ...d, accessDays: value }))} style={{ width: 160 }} data-testid="wizard-access-days" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('shareRequest.channel')}>
        <Radio.Group value={draft.channel} onChange={(e) => update((d) => ({ ...d, channel: e.target.value as WizardDraft['channel'] }))} data-testid="wizard-channel">
          {DELIVERY_CHANNELS.map((k) => (
            <Radio key={k} value={k} data-testid={`wizard-channel-${k}`}>
              {t(`channel.${k}`)}
            </Radio>
          ))}
        </Radio.Group>
        <ExportNote channel={draft.channel} />
      </Form.Item>
      <Form.Item label={t('shareRequest.identification')} extra={t(`identificationHint.${draft.identification}`)}>
        <Radio.Group value={draft.identification} onChange={(e) => update((d) => ({ ...d, identification: e.target.value as WizardDraft['identification'] }))} data-testid="wizard-identification">
          {IDENTIFICATION_LEVELS.map((k) => (
            <Radio key={k} value={k} data-testid={`wizard-identification-${k}`}>
              {t(`identification.${k}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item extra={t('wizard.consentHint')}>
        <Checkbox checked={draft.consentOnRecord} onChange={(e) => update((d) => ({ ...d, consentOnRecord: e.target.checked }))} data-testid="wizard-consent">
          {t('shareRequest.consentOnRecord')}
        </Checkbox>
      </Form.Item>
    </Form>
  );

  // ── step 4: read-back ──
  const problems = draftProblems(draft);
  const confirm = (
    <div data-testid="wizard-confirm">
      {problems.length > 0 ? (
        <Problems problems={problems} />
      ) : (
        <Typography.Paragraph type="secondary">{t('wizard.confirmHint')}</Typography.Paragraph>
      )}
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {draft.title.trim() || t('wizard.untitled')}
      </Typography.Title>
      {'form' in built && (
        <RequestSummary form={built.form} directory={directory} purposes={settings.purposes} purposeLabel={settings.purposeLabel} catalogNames={catalogNames} catalogFields={dictionaries} compact />
      )}
    </div>
  );

  const content: Record<WizardStep, ReactNode> = { basics, resources, scope, confirm };
  const live = formKey !== null ? precheck : undefined;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card
          title={saved ? t('wizard.editTitle') : t('wizard.newTitle')}
          extra={
            <Link to="/share-requests">
              <Button icon={<ArrowLeftOutlined />}>{t('shareRequest.backToList')}</Button>
            </Link>
          }
          data-testid="share-request-wizard"
        >
          <Steps
            current={stepIndex}
            onChange={goTo}
            size="small"
            style={{ marginBottom: 24 }}
            items={WIZARD_STEPS.map((s) => ({ key: s, title: t(`wizard.step.${s}`), ...testId(`wizard-step-${s}`) }))}
          />
          <ErrorAlert error={existing.error} />
          <ErrorAlert error={settings.error} />
          {/* A blocked submission's reasons are the findings shown in the user's language; the English paths are left out. */}
          <ErrorAlert error={actionError} testId="wizard-error" showFieldErrors={!(actionError instanceof ApiError && actionError.code === BLOCKED_CODE)} />
          {content[step]}
          <div className="yx-pager" style={{ marginTop: 24 }}>
            <Space>
              {stepIndex > 0 && (
                <Button onClick={() => goTo(stepIndex - 1)} data-testid="wizard-prev">
                  {t('wizard.prev')}
                </Button>
              )}
              {stepIndex < WIZARD_STEPS.length - 1 && (
                <Button type="primary" onClick={() => goTo(stepIndex + 1)} data-testid="wizard-next">
                  {t('wizard.next')}
                </Button>
              )}
            </Space>
            <Space>
              <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={busy === 'submit'} onClick={() => void save()} data-testid="wizard-save">
                {t('wizard.saveDraft')}
              </Button>
              {step === 'confirm' && (
                <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={busy === 'save'} onClick={() => void submit()} data-testid="wizard-submit">
                  {t('shareRequest.submit')}
                </Button>
              )}
            </Space>
          </div>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <PrecheckPanel
          findings={live?.findings}
          missing={'missing' in built ? built.missing : []}
          checking={checking}
          stale={live !== undefined && live.key !== formKey}
          error={precheckError}
          catalogNames={catalogNames}
        />
      </Col>
    </Row>
  );
}
