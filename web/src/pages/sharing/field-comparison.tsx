import { CheckOutlined } from '@ant-design/icons';
import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogField, RequestedField } from '../../api/types';
import { localName } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { LevelTag } from '../catalog/catalog-tags';
import { compareFields, type FieldComparison, type FieldVerdict } from './request-form';

const VERDICT_COLORS: Record<FieldVerdict, string> = { necessary: 'success', extra: 'warning', notRequested: 'default', requested: 'blue', unknown: 'error' };

/**
 * Requested fields beside the fields the purpose needs, one row per field: what was asked for on the
 * left, what the purpose's template says is necessary on the right, and the verdict with the requester's reason.
 */
export function FieldComparisonTable({
  catalogCode,
  dictionary,
  requested,
  necessary,
}: {
  catalogCode: string;
  dictionary: readonly CatalogField[];
  requested: readonly RequestedField[];
  necessary: readonly string[] | null;
}) {
  const { t, i18n } = useTranslation();
  const rows = compareFields(dictionary, requested, necessary);
  const fieldText = (row: FieldComparison) => (
    <span>
      {localName(row.field?.label, i18n.language) || row.name} <Typography.Text code style={{ fontSize: 12 }}>{row.name}</Typography.Text>
    </span>
  );
  const columns: TableColumnsType<FieldComparison> = [
    {
      title: t('compare.requested'),
      key: 'requested',
      render: (_, row) => (row.requested ? fieldText(row) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('compare.necessary'),
      key: 'necessary',
      render: (_, row) =>
        row.necessary === null ? (
          <Typography.Text type="secondary">{t('compare.noTemplate')}</Typography.Text>
        ) : row.necessary ? (
          <span>
            <CheckOutlined style={{ color: '#52c41a', marginInlineEnd: 6 }} />
            {fieldText(row)}
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: t('compare.level'), key: 'level', width: 70, render: (_, row) => (row.field ? <LevelTag level={row.field.level} /> : null) },
    {
      title: t('compare.verdict'),
      key: 'verdict',
      width: 100,
      render: (_, row) => (
        <Tag color={VERDICT_COLORS[row.verdict]} data-testid="compare-verdict" data-verdict={row.verdict}>
          {t(`compare.verdicts.${row.verdict}`)}
        </Tag>
      ),
    },
    {
      title: t('compare.justification'),
      key: 'justification',
      render: (_, row) => row.justification ?? (row.verdict === 'extra' ? <Typography.Text type="warning">{t('compare.noJustification')}</Typography.Text> : null),
    },
  ];
  return (
    <div data-testid={`compare-${catalogCode}`}>
      <Table<FieldComparison>
        rowKey="name"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 640 }}
        onRow={(row) => ({ ...testId(`compare-row-${catalogCode}-${row.name}`), 'data-verdict': row.verdict }) as Record<string, string>}
      />
    </div>
  );
}
