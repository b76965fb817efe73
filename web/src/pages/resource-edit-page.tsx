import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Divider, Form, Input, Radio, Result, Row, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { FormListFieldData } from 'antd/es/form/FormList';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { catalogApi } from '../api/endpoints';
import { ApiError } from '../api/problem';
import {
  FIELD_TYPES,
  GB_CATEGORIES,
  IDENTIFIER_KINDS,
  POLICY_CATEGORIES,
  RESOURCE_STATUSES,
  SHARE_TYPES,
  SPECIAL_CATEGORIES,
  SUPPORTED_FHIR_TYPES,
  UPDATE_FREQUENCIES,
  type ShareType,
  type VersionedResource,
} from '../api/types';
import { useMe } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { Forbidden } from '../components/forbidden';
import { PageSpinner } from '../components/page-spinner';
import { localName } from '../lib/format';
import { useDepartments } from '../lib/use-departments';
import { catalogSearchOf } from './catalog/back-link';
import { levelOptions } from './catalog/catalog-tags';
import { canEditResource, ownDepartmentCode } from './catalog/display';
import {
  blankValues,
  changeInput,
  definitionFromValues,
  definitionProblems,
  FHIR_PATH_PATTERN,
  FIELD_NAME_PATTERN,
  LIMITS,
  newFieldRow,
  newResourceInput,
  placeServerErrors,
  RESOURCE_CODE_PATTERN,
  shareTextNeeded,
  valuesFromResource,
  type FormPath,
  type FormProblem,
  type ResourceFormValues,
} from './catalog/resource-form';

const VERSION_CONFLICT = 'CATALOG_VERSION_CONFLICT';

/** The server's problem with only the field errors that found no input, for the alert. */
function withErrors(error: ApiError, errors: ApiError['errors']): ApiError {
  return new ApiError({ status: error.status, code: error.code, title: error.title, detail: error.detail, errors, requestId: error.requestId });
}

/**
 * Edits a catalog resource as a whole new version (PUT with If-Match), or creates one (`/catalog/new`).
 * The catalog's rules are checked here first, with the same messages under the same inputs the
 * server's errors are placed under.
 */
export default function ResourceEditPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { code } = useParams();
  const creating = code === undefined;
  const navigate = useNavigate();
  const location = useLocation();
  const catalogSearch = catalogSearchOf(location.state);
  const me = useMe();
  const isAdmin = me.user.roles.includes('info_admin');
  const { departments, loading: departmentsLoading, error: departmentsError } = useDepartments();
  // Untyped: error paths into the field list (['fields', 2, 'name']) are built at run time.
  const [form] = Form.useForm();
  const shareType = Form.useWatch('shareType', form) as ShareType | undefined;
  const [base, setBase] = useState<VersionedResource>();
  const [loadError, setLoadError] = useState<unknown>();
  const [saveError, setSaveError] = useState<unknown>();
  const [invalid, setInvalid] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [reloading, setReloading] = useState(false);

  const load = useCallback(async () => {
    if (creating) return;
    setBase(await catalogApi.get(code));
  }, [code, creating]);

  useEffect(() => {
    setBase(undefined);
    setLoadError(undefined);
    load().catch(setLoadError);
  }, [load]);

  // A department head edits only their own department's resources: spare them a form the server would
  // refuse. Decided once the departments are known; if they cannot be read, the server has the last word.
  const editable =
    creating || (base !== undefined && (departmentsError !== undefined || canEditResource(me.user, departments, base.resource.ownerDepartmentCode)));
  const formShown = creating || (base !== undefined && !departmentsLoading && editable);

  // Filled once the form is on the page: on first load, and again when a reload after a conflict brings a newer version.
  useEffect(() => {
    if (!formShown) return;
    form.resetFields();
    form.setFieldsValue(base ? valuesFromResource(base.resource) : blankValues());
  }, [formShown, base, form]);

  // A department head creates resources for their own department only; fill it in once departments are known.
  const ownCode = ownDepartmentCode(me.user, departments);
  useEffect(() => {
    if (creating && !isAdmin && ownCode) form.setFieldValue('ownerDepartmentCode', ownCode);
  }, [creating, isAdmin, ownCode, form]);

  const resourcePath = (target: string) => `/catalog/${encodeURIComponent(target)}`;
  const backTo = creating ? `/catalog${catalogSearch}` : resourcePath(code);
  const backLink = (
    <Link to={backTo} state={location.state} data-testid="resource-form-back">
      <ArrowLeftOutlined /> {creating ? t('resource.back') : t('common.back')}
    </Link>
  );

  if (!creating && !base) {
    if (!loadError) return <PageSpinner />;
    if (loadError instanceof ApiError && loadError.status === 404) return <Result status="404" title={code} subTitle={loadError.displayMessage} extra={backLink} />;
    return (
      <Card title={backLink}>
        <ErrorAlert error={loadError} />
      </Card>
    );
  }
  if (!creating && departmentsLoading) return <PageSpinner />;
  if (!editable) return <Forbidden />;

  const matches = base?.resource.matches ?? [];

  // The key comes from PROBLEM_CODES and the values from the same rule, so each message gets its placeholders.
  const problemText = (problem: FormProblem) => (t as unknown as (key: string, values: object) => string)(`resourceForm.problem.${problem.code}`, problem.values ?? {});

  const ruleCheck = (): boolean => {
    const values = form.getFieldsValue(true) as ResourceFormValues;
    const problems = definitionProblems(definitionFromValues(values, matches));
    if (problems.length === 0) return true;
    form.setFields(problems.map((problem) => ({ name: problem.path, errors: [problemText(problem)] })));
    form.scrollToField(problems[0]!.path, { block: 'center' });
    return false;
  };

  const save = async () => {
    setSaveError(undefined);
    setConflict(false);
    if (!ruleCheck()) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    // The whole store: inputs hidden by the share type keep their text, field descriptions ride along.
    const values = form.getFieldsValue(true) as ResourceFormValues;
    setSaving(true);
    try {
      if (creating) {
        const saved = await catalogApi.create(newResourceInput(values));
        void message.success(t('resourceForm.created', { code: saved.resource.code }));
        navigate(resourcePath(saved.resource.code), { state: location.state });
      } else if (base) {
        const saved = await catalogApi.update(code, changeInput(values, matches), base.etag);
        void message.success(t('resourceForm.saved', { version: saved.resource.version }));
        navigate(`${resourcePath(code)}?tab=versions`, { state: location.state });
      }
    } catch (err) {
      if (err instanceof ApiError && (err.status === 412 || err.code === VERSION_CONFLICT)) {
        setConflict(true);
      } else if (err instanceof ApiError && err.errors) {
        const { placed, unplaced } = placeServerErrors(err.errors, values, { creating });
        form.setFields(placed);
        if (placed[0]) form.scrollToField(placed[0].name, { block: 'center' });
        setSaveError(withErrors(err, unplaced.length > 0 ? unplaced : undefined));
      } else {
        setSaveError(err);
      }
    } finally {
      setSaving(false);
    }
  };

  const reload = async () => {
    setReloading(true);
    try {
      await load();
      setConflict(false);
      setSaveError(undefined);
      setInvalid(false);
    } catch (err) {
      setSaveError(err);
    } finally {
      setReloading(false);
    }
  };

  const text = (max: number) => [
    { required: true, whitespace: true, message: t('resourceForm.required') },
    { max, message: t('resourceForm.tooLong', { max }) },
  ];
  /** Required only when the share type needs it: checked on save by the catalog rules, marked here. */
  const shareText = (name: FormPath, label: string, testId: string, needed: boolean) => (
    <Form.Item name={name} label={label} required={needed} rules={[{ max: LIMITS.shareText, message: t('resourceForm.tooLong', { max: LIMITS.shareText }) }]}>
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} lang={name[1] === 'zh' ? 'zh-CN' : 'en'} data-testid={testId} />
    </Form.Item>
  );

  const fieldColumns = (remove: (index: number) => void, count: number): TableColumnsType<FormListFieldData> => [
    {
      title: t('resourceForm.fieldName'),
      key: 'name',
      width: 160,
      render: (_, row) => (
        <Form.Item
          name={[row.name, 'name']}
          style={{ marginBottom: 0 }}
          rules={[
            { required: true, message: t('resourceForm.fieldNameRequired') },
            { pattern: FIELD_NAME_PATTERN, message: t('resourceForm.fieldNamePattern') },
          ]}
        >
          <Input autoComplete="off" aria-label={t('resourceForm.fieldName')} data-testid={`resource-form-field-${row.name}-name`} />
        </Form.Item>
      ),
    },
    {
      title: t('resourceForm.labelZh'),
      key: 'labelZh',
      width: 150,
      render: (_, row) => (
        <Form.Item name={[row.name, 'label', 'zh']} style={{ marginBottom: 0 }} rules={text(LIMITS.label)}>
          <Input lang="zh-CN" autoComplete="off" aria-label={t('resourceForm.labelZh')} data-testid={`resource-form-field-${row.name}-label-zh`} />
        </Form.Item>
      ),
    },
    {
      title: t('resourceForm.labelEn'),
      key: 'labelEn',
      width: 160,
      render: (_, row) => (
        <Form.Item name={[row.name, 'label', 'en']} style={{ marginBottom: 0 }} rules={text(LIMITS.label)}>
          <Input lang="en" autoComplete="off" aria-label={t('resourceForm.labelEn')} data-testid={`resource-form-field-${row.name}-label-en`} />
        </Form.Item>
      ),
    },
    {
      title: t('resourceForm.fieldType'),
      key: 'type',
      width: 130,
      render: (_, row) => (
        <Form.Item name={[row.name, 'type']} style={{ marginBottom: 0 }}>
          <Select aria-label={t('resourceForm.fieldType')} options={FIELD_TYPES.map((value) => ({ value, label: t(`fieldType.${value}`) }))} popupMatchSelectWidth={false} />
        </Form.Item>
      ),
    },
    {
      title: t('resourceForm.fieldLevel'),
      key: 'level',
      width: 110,
      render: (_, row) => (
        <Form.Item name={[row.name, 'level']} style={{ marginBottom: 0 }}>
          <Select aria-label={t('resourceForm.fieldLevel')} options={levelOptions(t, false)} data-testid={`resource-form-field-${row.name}-level`} />
        </Form.Item>
      ),
    },
    {
      title: t('resourceForm.identifierKind'),
      key: 'identifierKind',
      width: 130,
      render: (_, row) => (
        <Form.Item name={[row.name, 'identifierKind']} style={{ marginBottom: 0 }}>
          <Select aria-label={t('resourceForm.identifierKind')} options={IDENTIFIER_KINDS.map((value) => ({ value, label: t(`identifierKind.${value}`) }))} popupMatchSelectWidth={false} />
        </Form.Item>
      ),
    },
    {
      title: t('resourceForm.fhirPath'),
      key: 'fhirPath',
      width: 380,
      render: (_, row) => (
        <Form.Item
          name={[row.name, 'fhirPath']}
          style={{ marginBottom: 0 }}
          rules={[
            { required: true, whitespace: true, message: t('resourceForm.fhirPathRequired') },
            { pattern: FHIR_PATH_PATTERN, message: t('resourceForm.fhirPathPattern') },
            { max: LIMITS.fhirPath, message: t('resourceForm.tooLong', { max: LIMITS.fhirPath }) },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 4 }}
            placeholder="Observation.code"
            aria-label={t('resourceForm.fhirPath')}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            data-testid={`resource-form-field-${row.name}-fhir-path`}
          />
        </Form.Item>
      ),
    },
    {
      title: '',
      key: 'remove',
      width: 48,
      render: (_, row) => (
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          disabled={count <= 1}
          onClick={() => remove(row.name)}
          aria-label={t('resourceForm.removeField')}
          title={t('resourceForm.removeField')}
          data-testid={`resource-form-field-${row.name}-remove`}
        />
      ),
    },
  ];

  const title = creating
    ? t('resourceForm.createTitle')
    : t('resourceForm.editTitle', { name: base ? `${localName(base.resource.name, i18n.language)} (${base.resource.code})` : code });

  return (
    <Card
      title={
        <Space size={12} wrap>
          {backLink}
          <span>{title}</span>
        </Space>
      }
    >
      {base && (
        <Typography.Paragraph type="secondary" data-testid="resource-form-base-version">
          {t('resourceForm.editingVersion', { version: base.resource.version, next: base.resource.version + 1 })}
        </Typography.Paragraph>
      )}
      <Form<ResourceFormValues>
        form={form}
        layout="vertical"
        onFinish={() => void save()}
        onFinishFailed={() => {
          ruleCheck();
          setInvalid(true);
        }}
        onValuesChange={() => setInvalid(false)}
        disabled={saving || reloading}
        scrollToFirstError={{ block: 'center' }}
        data-testid="resource-form"
      >
        <Divider titlePlacement="start">{t('resourceForm.sectionBasics')}</Divider>
        <Row gutter={16}>
          {creating && (
            <Col xs={24}>
              <Form.Item
                name="code"
                label={t('resourceForm.code')}
                normalize={(value?: string) => value?.toUpperCase()}
                rules={[
                  { required: true, message: t('resourceForm.codeRequired') },
                  { pattern: RESOURCE_CODE_PATTERN, message: t('resourceForm.codePattern') },
                ]}
              >
                <Input autoComplete="off" placeholder="MGMT_…" style={{ maxWidth: 420 }} data-testid="resource-form-code" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name={['name', 'zh']} label={t('resourceForm.nameZh')} rules={text(LIMITS.name)}>
              <Input lang="zh-CN" autoComplete="off" data-testid="resource-form-name-zh" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['name', 'en']} label={t('resourceForm.nameEn')} rules={text(LIMITS.name)}>
              <Input lang="en" autoComplete="off" data-testid="resource-form-name-en" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['description', 'zh']} label={t('resourceForm.descriptionZh')} rules={text(LIMITS.description)}>
              <Input.TextArea lang="zh-CN" autoSize={{ minRows: 2, maxRows: 8 }} data-testid="resource-form-description-zh" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['description', 'en']} label={t('resourceForm.descriptionEn')} rules={text(LIMITS.description)}>
              <Input.TextArea lang="en" autoSize={{ minRows: 2, maxRows: 8 }} data-testid="resource-form-description-en" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="category" label={t('resourceForm.category')}>
              <Select options={POLICY_CATEGORIES.map((value) => ({ value, label: t(`policyCategory.${value}`) }))} data-testid="resource-form-category" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="gbCategory" label={t('resourceForm.gbCategory')}>
              <Select options={GB_CATEGORIES.map((value) => ({ value, label: t(`gbCategory.${value}`) }))} data-testid="resource-form-gb-category" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="ownerDepartmentCode" label={t('resourceForm.owner')} tooltip={isAdmin ? undefined : t('resourceForm.ownerFixed')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                disabled={!isAdmin}
                placeholder={t('resourceForm.ownerPlaceholder')}
                options={departments
                  .filter((d) => d.status === 'active' || d.code === base?.resource.ownerDepartmentCode)
                  .map((d) => ({ value: d.code, label: `${localName(d.name, i18n.language)} (${d.code})` }))}
                data-testid="resource-form-owner"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="status" label={t('resourceForm.status')}>
              <Select options={RESOURCE_STATUSES.map((value) => ({ value, label: t(`resourceStatus.${value}`) }))} data-testid="resource-form-status" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="updateFrequency" label={t('resourceForm.updateFrequency')}>
              <Select options={UPDATE_FREQUENCIES.map((value) => ({ value, label: t(`updateFrequency.${value}`) }))} data-testid="resource-form-update-frequency" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="format" label={t('resourceForm.format')} rules={text(LIMITS.format)}>
              <Input autoComplete="off" data-testid="resource-form-format" />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item
              name="fhirResourceTypes"
              label={t('resourceForm.fhirTypes')}
              rules={[
                { required: true, type: 'array', min: 1, message: t('resourceForm.fhirTypesRequired') },
                { type: 'array', max: LIMITS.fhirResourceTypes, message: t('resourceForm.fhirTypesMax', { max: LIMITS.fhirResourceTypes }) },
              ]}
            >
              <Select mode="multiple" options={SUPPORTED_FHIR_TYPES.map((value) => ({ value, label: value }))} data-testid="resource-form-fhir-types" />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('resourceForm.sectionSharing')}</Divider>
        <Form.Item name="shareType" label={t('resourceForm.shareType')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={SHARE_TYPES.map((value) => ({ value, label: t(`shareType.${value}`) }))}
            data-testid="resource-form-share-type"
          />
        </Form.Item>
        {shareType === 'conditional' && (
          <Row gutter={16}>
            <Col xs={24} md={12}>
              {shareText(['shareCondition', 'zh'], t('resourceForm.conditionZh'), 'resource-form-condition-zh', shareTextNeeded(shareType, 'shareCondition'))}
            </Col>
            <Col xs={24} md={12}>
              {shareText(['shareCondition', 'en'], t('resourceForm.conditionEn'), 'resource-form-condition-en', shareTextNeeded(shareType, 'shareCondition'))}
            </Col>
          </Row>
        )}
        {shareType === 'not_shareable' && (
          <Row gutter={16}>
            <Col xs={24} md={12}>
              {shareText(['legalBasis', 'zh'], t('resourceForm.legalBasisZh'), 'resource-form-legal-basis-zh', shareTextNeeded(shareType, 'legalBasis'))}
            </Col>
            <Col xs={24} md={12}>
              {shareText(['legalBasis', 'en'], t('resourceForm.legalBasisEn'), 'resource-form-legal-basis-en', shareTextNeeded(shareType, 'legalBasis'))}
            </Col>
          </Row>
        )}
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="defaultLevel" label={t('resourceForm.defaultLevel')}>
              <Select options={levelOptions(t)} popupMatchSelectWidth={false} data-testid="resource-form-default-level" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="specialCategory" label={t('resourceForm.specialCategory')}>
              <Select
                allowClear
                placeholder={t('resourceForm.specialNone')}
                options={SPECIAL_CATEGORIES.map((value) => ({ value, label: t(`specialCategory.${value}`) }))}
                data-testid="resource-form-special-category"
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('resourceForm.sectionFields')}</Divider>
        <Form.List
          name="fields"
          rules={[
            {
              validator: async (_, rows?: unknown[]) => {
                if (!rows || rows.length === 0) throw new Error(t('resourceForm.problem.fieldsRequired'));
              },
            },
          ]}
        >
          {(rows, { add, remove }, { errors }) => (
            <>
              <div data-testid="resource-form-fields">
                <Table<FormListFieldData>
                  rowKey="key"
                  columns={fieldColumns(remove, rows.length)}
                  dataSource={rows}
                  pagination={false}
                  size="small"
                  scroll={{ x: 1450 }}
                />
              </div>
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add(newFieldRow())}
                disabled={rows.length >= LIMITS.fields}
                style={{ marginTop: 12 }}
                data-testid="resource-form-add-field"
              >
                {t('resourceForm.addField')}
              </Button>
            </>
          )}
        </Form.List>

        <Divider />
        <Form.Item name="changeNote" label={t('resourceForm.changeNote')} rules={[{ max: LIMITS.changeNote, message: t('resourceForm.tooLong', { max: LIMITS.changeNote }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('resourceForm.changeNotePlaceholder')} data-testid="resource-form-change-note" />
        </Form.Item>

        {conflict && base && (
          <Alert
            type="warning"
            showIcon
            title={t('resourceForm.conflictTitle')}
            description={t('resourceForm.conflict', { version: base.resource.version })}
            action={
              <Button icon={<ReloadOutlined />} onClick={() => void reload()} loading={reloading} data-testid="resource-form-reload">
                {t('resourceForm.reload')}
              </Button>
            }
            style={{ marginBottom: 16 }}
            data-testid="resource-form-error"
          />
        )}
        {!conflict && invalid && <Alert type="error" showIcon title={t('resourceForm.invalid')} style={{ marginBottom: 16 }} data-testid="resource-form-error" />}
        {!conflict && !invalid && <ErrorAlert error={saveError} testId="resource-form-error" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="resource-form-submit">
            {creating ? t('resourceForm.create') : t('resourceForm.save')}
          </Button>
          <Link to={backTo} state={location.state}>
            <Button disabled={saving}>{t('common.cancel')}</Button>
          </Link>
        </Space>
      </Form>
    </Card>
  );
}
