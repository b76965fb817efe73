import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { catalogApi } from '../api/endpoints';
import {
  GB_CATEGORIES,
  POLICY_CATEGORIES,
  RESOURCE_STATUSES,
  SHARE_TYPES,
  type CatalogQuery,
  type CatalogResourceSummary,
  type GbCategory,
  type PolicyCategory,
  type ResourceStatus,
  type SensitivityLevel,
  type ShareType,
} from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { localName } from '../lib/format';
import { testId } from '../lib/test-id';
import { useDepartments } from '../lib/use-departments';
import { useLoad } from '../lib/use-load';
import { gbCategoryLabel, LevelTag, levelOptions, policyCategoryLabel, ResourceStatusTag, ShareTypeTag } from './catalog/catalog-tags';
import { findDepartmentByCode } from './catalog/display';
import type { CatalogNavState } from './catalog/back-link';
import { catalogQueryFromParams, hasFilter, paramsFromCatalogQuery, withFilter } from './catalog/filters';

export default function CatalogPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const { departments } = useDepartments();
  const [searchParams, setSearchParams] = useSearchParams();
  const paramsKey = searchParams.toString();
  // The address is the filter's single source; parsing it also drops values the API would refuse.
  const query = useMemo(() => catalogQueryFromParams(new URLSearchParams(paramsKey)), [paramsKey]);
  const [searchText, setSearchText] = useState(query.q ?? '');
  const [items, setItems] = useState<CatalogResourceSummary[]>([]);
  const [refreshTick, setRefreshTick] = useState(0);

  useEffect(() => setSearchText(query.q ?? ''), [query.q]);

  const { loading, error } = useLoad(
    (signal) => catalogApi.list(query, signal),
    ({ items: found }) => setItems(found),
    [query, refreshTick],
  );

  const navState: CatalogNavState = { catalogSearch: paramsKey ? `?${paramsKey}` : '' };

  const update = <K extends keyof CatalogQuery>(key: K, value: CatalogQuery[K] | undefined) =>
    setSearchParams(paramsFromCatalogQuery(withFilter(query, key, value)), { replace: true });

  const ownerName = (code: string | null) => {
    if (!code) return t('catalog.ownerEachClinical');
    const department = findDepartmentByCode(departments, code);
    return department ? localName(department.name, i18n.language) : code;
  };

  const columns: TableColumnsType<CatalogResourceSummary> = [
    {
      title: t('catalog.code'),
      key: 'code',
      width: 210,
      render: (_, r) => (
        <Link to={`/catalog/${encodeURIComponent(r.code)}`} state={navState} onClick={(e) => e.stopPropagation()}>
          <Typography.Text code>{r.code}</Typography.Text>
        </Link>
      ),
    },
    { title: t('catalog.name'), key: 'name', render: (_, r) => localName(r.name, i18n.language) },
    {
      title: t('catalog.category'),
      key: 'category',
      width: 150,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{policyCategoryLabel(t, r.category)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {gbCategoryLabel(t, r.gbCategory)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('catalog.owner'), key: 'owner', width: 150, render: (_, r) => ownerName(r.ownerDepartmentCode) },
    { title: t('catalog.shareType'), key: 'shareType', width: 130, render: (_, r) => <ShareTypeTag shareType={r.shareType} /> },
    {
      title: t('catalog.level'),
      key: 'level',
      width: 170,
      render: (_, r) => <LevelTag level={r.defaultLevel} specialCategory={r.specialCategory} />,
    },
    { title: t('catalog.version'), key: 'version', width: 80, render: (_, r) => `v${r.version}` },
    { title: t('catalog.status'), key: 'status', width: 100, render: (_, r) => <ResourceStatusTag status={r.status} /> },
  ];

  return (
    <Card
      title={t('catalog.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
          {can('catalog:write') && (
            <Link to="/catalog/new" state={navState}>
              <Button type="primary" icon={<PlusOutlined />} data-testid="catalog-create">
                {t('catalog.create')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('catalog.intro')}</Typography.Paragraph>
      <div className="yx-toolbar">
        <Input.Search
          allowClear
          placeholder={t('catalog.searchPlaceholder')}
          aria-label={t('catalog.searchPlaceholder')}
          value={searchText}
          maxLength={64}
          onChange={(e) => setSearchText(e.target.value)}
          onSearch={(value) => update('q', value.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="catalog-search"
        />
        <Select
          allowClear
          placeholder={t('catalog.filterCategory')}
          aria-label={t('catalog.filterCategory')}
          options={POLICY_CATEGORIES.map((value) => ({ value, label: t(`policyCategory.${value}`) }))}
          value={query.category}
          onChange={(value?: PolicyCategory) => update('category', value)}
          style={{ width: 130 }}
          data-testid="catalog-filter-category"
        />
        <Select
          allowClear
          placeholder={t('catalog.filterGbCategory')}
          aria-label={t('catalog.filterGbCategory')}
          options={GB_CATEGORIES.map((value) => ({ value, label: t(`gbCategory.${value}`) }))}
          value={query.gbCategory}
          onChange={(value?: GbCategory) => update('gbCategory', value)}
          style={{ width: 170 }}
          data-testid="catalog-filter-gb-category"
        />
        <Select
          allowClear
          placeholder={t('catalog.filterShareType')}
          aria-label={t('catalog.filterShareType')}
          options={SHARE_TYPES.map((value) => ({ value, label: t(`shareType.${value}`) }))}
          value={query.shareType}
          onChange={(value?: ShareType) => update('shareType', value)}
          style={{ width: 150 }}
          data-testid="catalog-filter-share-type"
        />
        <Select
          allowClear
          placeholder={t('catalog.filterLevel')}
          aria-label={t('catalog.filterLevel')}
          options={levelOptions(t)}
          labelRender={({ value }) => (value === undefined ? null : <LevelTag level={Number(value)} />)}
          value={query.level}
          onChange={(value?: SensitivityLevel) => update('level', value)}
          style={{ width: 130 }}
          popupMatchSelectWidth={false}
          data-testid="catalog-filter-level"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('catalog.filterOwner')}
          aria-label={t('catalog.filterOwner')}
          options={departments.map((d) => ({ value: d.code, label: localName(d.name, i18n.language) }))}
          value={query.owner}
          onChange={(value?: string) => update('owner', value)}
          style={{ width: 160 }}
          data-testid="catalog-filter-owner"
        />
        <Select
          allowClear
          placeholder={t('catalog.filterStatus')}
          aria-label={t('catalog.filterStatus')}
          options={RESOURCE_STATUSES.map((value) => ({ value, label: t(`resourceStatus.${value}`) }))}
          value={query.status}
          onChange={(value?: ResourceStatus) => update('status', value)}
          style={{ width: 120 }}
          data-testid="catalog-filter-status"
        />
        <Button onClick={() => setSearchParams(new URLSearchParams(), { replace: true })} disabled={!hasFilter(query)} data-testid="catalog-reset">
          {t('common.reset')}
        </Button>
      </div>
      <ErrorAlert error={error} />
      <div data-testid="catalog-table">
        <Table<CatalogResourceSummary>
          rowKey="code"
          columns={columns}
          dataSource={items}
          loading={loading}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('catalog.empty') }}
          onRow={(r) => ({
            ...testId(`catalog-row-${r.code}`),
            onClick: () => navigate(`/catalog/${encodeURIComponent(r.code)}`, { state: navState }),
            style: { cursor: 'pointer' },
          })}
        />
      </div>
      <div className="yx-pager">
        <Typography.Text type="secondary" data-testid="catalog-count">
          {t('catalog.count', { count: items.length })}
        </Typography.Text>
      </div>
    </Card>
  );
}
