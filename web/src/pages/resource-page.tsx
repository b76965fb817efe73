import { ArrowLeftOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Tabs, Tag, Typography, type DescriptionsProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { catalogApi } from '../api/endpoints';
import { ApiError } from '../api/problem';
import type { CatalogResource, VersionedResource } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { formatDateTime, localName } from '../lib/format';
import { useDepartments } from '../lib/use-departments';
import { catalogSearchOf } from './catalog/back-link';
import { gbCategoryLabel, LevelTag, policyCategoryLabel, ResourceStatusTag, ShareTypeTag, specialCategoryLabel } from './catalog/catalog-tags';
import { canEditResource, findDepartmentByCode, isUpdateFrequency } from './catalog/display';
import { FieldsTable } from './catalog/fields-table';
import { resourceTab, type ResourceTab } from './catalog/filters';
import { MappingTab } from './catalog/mapping-tab';
import { VersionsTab } from './catalog/versions-tab';

/** The share condition, the legal basis for refusing, or a note that sharing is unconditional. */
function SharingNote({ resource }: { resource: CatalogResource }) {
  const { t, i18n } = useTranslation();
  if (resource.shareType === 'conditional' && resource.shareCondition) {
    return (
      <Alert
        type="info"
        showIcon
        title={t('resource.shareCondition')}
        description={<span style={{ whiteSpace: 'pre-wrap' }}>{localName(resource.shareCondition, i18n.language)}</span>}
        style={{ marginBottom: 16 }}
        data-testid="resource-share-condition"
      />
    );
  }
  if (resource.shareType === 'not_shareable' && resource.legalBasis) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('resource.legalBasis')}
        description={<span style={{ whiteSpace: 'pre-wrap' }}>{localName(resource.legalBasis, i18n.language)}</span>}
        style={{ marginBottom: 16 }}
        data-testid="resource-legal-basis"
      />
    );
  }
  if (resource.shareType === 'unconditional') {
    return <Alert type="success" showIcon title={t('resource.unconditionalNote')} style={{ marginBottom: 16 }} />;
  }
  return null;
}

export default function ResourcePage() {
  const { t, i18n } = useTranslation();
  const { code = '' } = useParams();
  const location = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = resourceTab(searchParams.get('tab'));
  const me = useMe();
  const { can } = useSession();
  const { departments } = useDepartments();
  const [loaded, setLoaded] = useState<VersionedResource>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const catalogSearch = catalogSearchOf(location.state);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setLoading(true);
      try {
        const result = await catalogApi.get(code, signal);
        setLoaded(result);
        setError(undefined);
      } catch (err) {
        if (!signal?.aborted) setError(err);
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [code],
  );

  useEffect(() => {
    const controller = new AbortController();
    setLoaded(undefined);
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const backLink = (
    <Link to={`/catalog${catalogSearch}`} aria-label={t('resource.back')} data-testid="resource-back">
      <ArrowLeftOutlined /> {t('resource.back')}
    </Link>
  );

  if (!loaded) {
    if (loading) return <PageSpinner />;
    if (error instanceof ApiError && error.status === 404) {
      return <Result status="404" title={code} subTitle={error.displayMessage} extra={backLink} />;
    }
    return (
      <Card title={backLink}>
        <ErrorAlert error={error} />
        <Button icon={<ReloadOutlined />} onClick={() => void load()}>
          {t('common.refresh')}
        </Button>
      </Card>
    );
  }

  const resource = loaded.resource;
  const owner = findDepartmentByCode(departments, resource.ownerDepartmentCode);
  const canEdit = can('catalog:write') && canEditResource(me.user, departments, resource.ownerDepartmentCode);

  const facts: DescriptionsProps['items'] = [
    { key: 'code', label: t('resource.code'), children: <Typography.Text code copyable>{resource.code}</Typography.Text> },
    { key: 'version', label: t('resource.version'), children: <span data-testid="resource-version">{t('resource.versionValue', { version: resource.version })}</span> },
    { key: 'status', label: t('resource.status'), children: <ResourceStatusTag status={resource.status} /> },
    {
      key: 'category',
      label: t('resource.category'),
      children: policyCategoryLabel(t, resource.category),
    },
    { key: 'gbCategory', label: t('resource.gbCategory'), children: gbCategoryLabel(t, resource.gbCategory) },
    {
      key: 'owner',
      label: t('resource.owner'),
      children: resource.ownerDepartmentCode ? (owner ? `${localName(owner.name, i18n.language)} (${owner.code})` : resource.ownerDepartmentCode) : t('catalog.ownerEachClinical'),
    },
    { key: 'shareType', label: t('resource.shareType'), children: <ShareTypeTag shareType={resource.shareType} /> },
    {
      key: 'level',
      label: t('resource.level'),
      children: <LevelTag level={resource.defaultLevel} specialCategory={resource.specialCategory} />,
    },
    ...(resource.specialCategory
      ? [{ key: 'special', label: t('resource.specialCategory'), children: specialCategoryLabel(t, resource.specialCategory) }]
      : []),
    {
      key: 'updateFrequency',
      label: t('resource.updateFrequency'),
      children: isUpdateFrequency(resource.updateFrequency) ? t(`updateFrequency.${resource.updateFrequency}`) : resource.updateFrequency,
    },
    { key: 'format', label: t('resource.format'), children: resource.format },
    { key: 'updatedAt', label: t('resource.updatedAt'), children: formatDateTime(resource.updatedAt, i18n.language) },
  ];

  return (
    <Card
      title={
        <Space size={12} wrap>
          {backLink}
          <span data-testid="resource-name">{localName(resource.name, i18n.language)}</span>
          <Tag>{resource.code}</Tag>
        </Space>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading} aria-label={t('common.refresh')} />
          {canEdit && (
            <Link to={`/catalog/${encodeURIComponent(resource.code)}/edit`} state={location.state}>
              <Button type="primary" icon={<EditOutlined />} data-testid="resource-edit">
                {t('resource.edit')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }} items={facts} style={{ marginBottom: 16 }} data-testid="resource-facts" />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="resource-description">
        {localName(resource.description, i18n.language)}
      </Typography.Paragraph>
      <SharingNote resource={resource} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams(key === 'fields' ? {} : { tab: key as ResourceTab }, { replace: true, state: location.state })}
        items={[
          {
            key: 'fields',
            label: <span data-testid="resource-fields-tab">{t('resource.tabFields')}</span>,
            children: <FieldsTable fields={resource.fields} />,
          },
          {
            key: 'mapping',
            label: <span data-testid="resource-mapping-tab">{t('resource.tabMapping')}</span>,
            children: <MappingTab fhirResourceTypes={resource.fhirResourceTypes} matches={resource.matches} />,
          },
          {
            key: 'versions',
            label: <span data-testid="resource-versions-tab">{t('resource.tabVersions')}</span>,
            children: <VersionsTab code={resource.code} currentVersion={resource.version} />,
          },
        ]}
      />
    </Card>
  );
}
