import { Button, Empty, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodingMatch, RecordMatch } from '../../api/types';
import { codingKey } from './display';

const SHOWN = 8;

/** A list of codings that may run to hundreds (LOINC test codes): the first few, then all on request. */
function Codings({ codings }: { codings: readonly CodingMatch[] }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? codings : codings.slice(0, SHOWN);
  return (
    <Space size={[4, 4]} wrap>
      {shown.map((coding) => (
        <Tooltip key={codingKey(coding)} title={coding.display ? `${coding.display} — ${coding.system}` : coding.system}>
          <Tag style={{ marginInlineEnd: 0 }}>{coding.code}</Tag>
        </Tooltip>
      ))}
      {codings.length > SHOWN && (
        <Button type="link" size="small" onClick={() => setAll((v) => !v)}>
          {all ? t('resource.showLess') : t('resource.showAll', { count: codings.length })}
        </Button>
      )}
    </Space>
  );
}

/** Which FHIR types the resource holds and the rules that file ingested records under it. */
export function MappingTab({ fhirResourceTypes, matches }: { fhirResourceTypes: readonly string[]; matches: readonly RecordMatch[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<RecordMatch> = [
    { title: t('resource.matchType'), key: 'type', width: 170, render: (_, m) => <Typography.Text code>{m.resourceType}</Typography.Text> },
    { title: t('resource.matchPriority'), key: 'priority', width: 90, render: (_, m) => m.priority },
    {
      title: t('resource.matchCategories'),
      key: 'categories',
      render: (_, m) =>
        m.categories?.length ? (
          <Codings codings={m.categories} />
        ) : m.codes?.length ? (
          '—'
        ) : (
          <Typography.Text type="secondary">{t('resource.matchAny')}</Typography.Text>
        ),
    },
    {
      title: t('resource.matchCodes'),
      key: 'codes',
      render: (_, m) => (m.codes?.length ? <Codings codings={m.codes} /> : '—'),
    },
  ];
  const rows = [...matches].sort((a, b) => b.priority - a.priority);
  return (
    <div data-testid="resource-mapping">
      <Space size={[4, 4]} wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('resource.fhirTypes')}:</Typography.Text>
        {fhirResourceTypes.map((type) => (
          <Tag key={type} color="geekblue">
            {type}
          </Tag>
        ))}
      </Space>
      <Typography.Paragraph type="secondary">{t('resource.mappingIntro')}</Typography.Paragraph>
      {rows.length === 0 ? (
        <Empty description={t('resource.noMatches')} />
      ) : (
        <Table<RecordMatch>
          rowKey={(m) => `${m.resourceType}-${m.priority}-${rows.indexOf(m)}`}
          columns={columns}
          dataSource={rows}
          pagination={false}
          size="small"
          scroll={{ x: 800 }}
        />
      )}
    </div>
  );
}
