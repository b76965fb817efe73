import { Card, Descriptions, Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, rowLabel, sharePercent } from './display';
import type { CountRow } from './report-model';

/** One section of the report, as the HTML and PDF renderings divide it. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card type="inner" size="small" title={title} style={{ marginBottom: 16 }} data-testid={`report-section-${id}`}>
      {children}
    </Card>
  );
}

export interface Figure {
  label: string;
  value: ReactNode;
}

/** A section's headline numbers; plain numbers are formatted for the reader's language. */
export function Figures({ items }: { items: readonly Figure[] }) {
  const { i18n } = useTranslation();
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2, xl: 3 }}
      style={{ marginBottom: 12 }}
      items={items.map((item, i) => ({ key: String(i), label: item.label, children: typeof item.value === 'number' ? formatCount(item.value, i18n.language) : item.value }))}
    />
  );
}

/** A breakdown as a table: item, count and its share of the breakdown's total. */
export function CountTable({ title, rows, testId }: { title: string; rows: readonly CountRow[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const columns: TableColumnsType<CountRow> = [
    { title, key: 'label', render: (_, row) => rowLabel(row, i18n.language) },
    { title: t('reports.count'), key: 'count', width: 110, align: 'right', render: (_, row) => formatCount(row.count, i18n.language) },
    { title: t('reports.share'), key: 'share', width: 110, align: 'right', render: (_, row) => sharePercent(row.count, total, i18n.language) },
  ];
  return (
    <div data-testid={testId} style={{ marginBottom: 12 }}>
      <Table<CountRow> rowKey="key" columns={columns} dataSource={[...rows]} pagination={false} size="small" locale={{ emptyText: t('reports.noRows') }} />
    </div>
  );
}
