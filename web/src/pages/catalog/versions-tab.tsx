import { Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi } from '../../api/endpoints';
import type { CatalogVersion } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { formatTimestamp } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { useLoad } from '../../lib/use-load';
import { isUnchanged, versionDiffs, type DefinitionDiff } from './version-diff';

const DEFINITION_KEYS = [
  'name',
  'description',
  'category',
  'gbCategory',
  'ownerDepartmentCode',
  'shareType',
  'shareCondition',
  'legalBasis',
  'defaultLevel',
  'specialCategory',
  'fhirResourceTypes',
  'matches',
  'fields',
  'updateFrequency',
  'format',
  'status',
] as const;
const FIELD_KEYS = ['name', 'label', 'type', 'level', 'identifierKind', 'fhirPath', 'description'] as const;

function keyLabel(t: TFunction, key: string): string {
  return (DEFINITION_KEYS as readonly string[]).includes(key) ? t(`definitionKey.${key as (typeof DEFINITION_KEYS)[number]}`) : key;
}

function fieldKeyLabel(t: TFunction, key: string): string {
  return (FIELD_KEYS as readonly string[]).includes(key) ? t(`fieldKey.${key as (typeof FIELD_KEYS)[number]}`) : key;
}

/** What a version changed, in words: the parts of the definition, then the fields by name. */
function DiffSummary({ diff }: { diff: DefinitionDiff | undefined }) {
  const { t } = useTranslation();
  if (!diff) return null;
  if (diff.initial) return <Typography.Text type="secondary">{t('versions.initial')}</Typography.Text>;
  if (isUnchanged(diff)) return <Typography.Text type="secondary">{t('versions.unchanged')}</Typography.Text>;
  const sep = t('versions.separator');
  const keys = diff.changedKeys.filter((key) => key !== 'fields');
  const lines: { key: string; text: string }[] = [];
  if (keys.length > 0) lines.push({ key: 'keys', text: t('versions.changedKeys', { keys: keys.map((key) => keyLabel(t, key)).join(sep) }) });
  if (diff.fieldsAdded.length > 0) lines.push({ key: 'added', text: t('versions.fieldsAdded', { names: diff.fieldsAdded.join(sep) }) });
  if (diff.fieldsRemoved.length > 0) lines.push({ key: 'removed', text: t('versions.fieldsRemoved', { names: diff.fieldsRemoved.join(sep) }) });
  if (diff.fieldsChanged.length > 0) {
    const names = diff.fieldsChanged.map((change) => t('versions.fieldChange', { name: change.name, keys: change.keys.map((key) => fieldKeyLabel(t, key)).join(sep) }));
    lines.push({ key: 'changed', text: t('versions.fieldsChanged', { names: names.join(sep) }) });
  }
  if (diff.fieldsReordered) lines.push({ key: 'reordered', text: t('versions.fieldsReordered') });
  return (
    <Space orientation="vertical" size={2}>
      {lines.map((line) => (
        <span key={line.key} data-diff={line.key}>
          {line.text}
        </span>
      ))}
    </Space>
  );
}

/** Every version, newest first, with who saved it, when, why, and what it changed. */
export function VersionsTab({ code, currentVersion }: { code: string; currentVersion: number }) {
  const { t, i18n } = useTranslation();
  const [versions, setVersions] = useState<CatalogVersion[]>([]);

  const { loading, error } = useLoad(
    (signal) => catalogApi.versions(code, signal),
    ({ items }) => setVersions(items),
    // A new current version (after a save) means a new entry to list.
    [code, currentVersion],
  );

  const diffs = useMemo(() => versionDiffs(versions), [versions]);

  const columns: TableColumnsType<CatalogVersion> = [
    {
      title: t('versions.version'),
      key: 'version',
      width: 110,
      render: (_, v) => (
        <Space size={4}>
          <Typography.Text strong>v{v.version}</Typography.Text>
          {v.version === currentVersion && <Tag color="blue">{t('versions.current')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('versions.changedAt'),
      key: 'changedAt',
      width: 170,
      render: (_, v) => <span title={v.changedAt}>{formatTimestamp(v.changedAt, i18n.language)}</span>,
    },
    {
      title: t('versions.changedBy'),
      key: 'changedBy',
      width: 170,
      render: (_, v) => (
        <Space size={4} wrap>
          <span data-testid={`resource-version-${v.version}-by`}>{v.changedBy?.name ?? v.changedBy?.id ?? '—'}</span>
          {v.changedBy && v.changedBy.id === null && <Tag variant="filled">{t('versions.system')}</Tag>}
        </Space>
      ),
    },
    { title: t('versions.changeNote'), key: 'changeNote', width: 220, render: (_, v) => v.changeNote || '—' },
    { title: t('versions.changes'), key: 'changes', render: (_, v) => <DiffSummary diff={diffs.get(v.version)} /> },
  ];

  return (
    <>
      <ErrorAlert error={error} />
      <div data-testid="resource-versions-table">
        <Table<CatalogVersion>
          rowKey="version"
          columns={columns}
          dataSource={versions}
          loading={loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 900 }}
          locale={{ emptyText: t('versions.empty') }}
          onRow={(v) => testId(`resource-version-${v.version}`)}
        />
      </div>
    </>
  );
}
