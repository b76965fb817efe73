import { DownloadOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Input, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/endpoints';
import { AUDIT_ACTIONS, AUDIT_EXPORT_FORMATS, AUDIT_OUTCOMES, type AuditAction, type AuditEntry, type AuditExportFormat, type AuditOutcome } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { LoadMorePager } from '../../components/load-more-pager';
import { formatTimestamp, localName } from '../../lib/format';
import { useCursorList } from '../../lib/use-cursor-list';
import { useDepartments } from '../../lib/use-departments';
import { ActionLabel, ActorCell, OutcomeTag } from './audit-tags';
import { objectLabel } from './display';
import { EntryDrawer } from './entry-drawer';
import { auditFilter, type AuditFilter } from './filters';

const PAGE_SIZE = 50;

type DayjsRange = [Dayjs | null, Dayjs | null];

interface Draft {
  range: DayjsRange | null;
  actor: string;
  department: string | undefined;
  patient: string;
  action: AuditAction | undefined;
  outcome: AuditOutcome | undefined;
  grant: string;
}

const EMPTY_DRAFT: Draft = { range: null, actor: '', department: undefined, patient: '', action: undefined, outcome: undefined, grant: '' };

function toFilter(draft: Draft): AuditFilter {
  return auditFilter({
    ...draft,
    range: draft.range ? [draft.range[0]?.toDate() ?? null, draft.range[1]?.toDate() ?? null] : null,
  });
}

const bySeq = (entry: AuditEntry) => entry.seq;

const EXPORT_LABELS: Record<AuditExportFormat, 'audit.exportNdjson' | 'audit.exportFhir' | 'audit.exportSyslog'> = {
  ndjson: 'audit.exportNdjson',
  fhir: 'audit.exportFhir',
  syslog: 'audit.exportSyslog',
};

export function AuditEventsTab() {
  const { t, i18n } = useTranslation();
  const { departments } = useDepartments();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [selected, setSelected] = useState<AuditEntry>();
  const list = useCursorList((cursor?: number, signal?: AbortSignal) => auditApi.events({ ...filter, limit: PAGE_SIZE, cursor }, signal), bySeq, [filter]);
  const { items } = list;

  const update = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  // A new object even when unchanged, so "search" also re-reads entries recorded since the last one.
  const apply = () => setFilter(toFilter(draft));
  const reset = () => {
    setDraft(EMPTY_DRAFT);
    setFilter({});
  };

  const now = dayjs();
  const presets = [
    { label: t('audit.presetToday'), value: [now.startOf('day'), now.endOf('day')] as [Dayjs, Dayjs] },
    { label: t('audit.presetLast24h'), value: [now.subtract(24, 'hour'), now] as [Dayjs, Dayjs] },
    { label: t('audit.presetLast7d'), value: [now.subtract(7, 'day').startOf('day'), now.endOf('day')] as [Dayjs, Dayjs] },
    { label: t('audit.presetLast30d'), value: [now.subtract(30, 'day').startOf('day'), now.endOf('day')] as [Dayjs, Dayjs] },
  ];

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.seq'),
      key: 'seq',
      width: 76,
      render: (_, entry) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          aria-label={t('audit.open', { seq: entry.seq })}
          onClick={(event) => {
            event.stopPropagation();
            setSelected(entry);
          }}
        >
          {entry.seq}
        </Button>
      ),
    },
    {
      title: t('audit.time'),
      key: 'time',
      width: 170,
      render: (_, entry) => <span title={entry.recordedAt}>{formatTimestamp(entry.recordedAt, i18n.language)}</span>,
    },
    { title: t('audit.actor'), key: 'actor', width: 220, render: (_, entry) => <ActorCell actor={entry.actor} /> },
    { title: t('audit.action'), key: 'action', width: 100, render: (_, entry) => <ActionLabel action={entry.action} /> },
    {
      title: t('audit.object'),
      key: 'object',
      render: (_, entry) => <Typography.Text style={{ wordBreak: 'break-all' }}>{objectLabel(entry.objectType, entry.objectId) || '—'}</Typography.Text>,
    },
    { title: t('audit.patient'), key: 'patient', width: 110, render: (_, entry) => entry.patientId ?? '—' },
    { title: t('audit.purpose'), key: 'purpose', width: 100, render: (_, entry) => entry.purposeOfUse ?? '—' },
    { title: t('audit.outcome'), key: 'outcome', width: 170, render: (_, entry) => <OutcomeTag outcome={entry.outcome} reason={entry.reason} /> },
    { title: t('audit.sourceIp'), key: 'sourceIp', width: 120, render: (_, entry) => entry.sourceIp ?? '—' },
  ];

  const range = { from: filter.from, to: filter.to };

  return (
    <>
      <div className="yx-toolbar">
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm', defaultOpenValue: [dayjs().startOf('day'), dayjs().endOf('day')] }}
          format="YYYY-MM-DD HH:mm"
          allowEmpty={[true, true]}
          presets={presets}
          value={draft.range}
          onChange={(value) => update('range', value as DayjsRange | null)}
          placeholder={[t('audit.timeFrom'), t('audit.timeTo')]}
          aria-label={t('audit.filterTime')}
          data-testid="audit-filter-time"
        />
        <Input
          allowClear
          placeholder={t('audit.filterActor')}
          aria-label={t('audit.filterActor')}
          value={draft.actor}
          onChange={(e) => update('actor', e.target.value)}
          onPressEnter={apply}
          style={{ width: 220 }}
          data-testid="audit-filter-actor"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.filterDepartment')}
          aria-label={t('audit.filterDepartment')}
          // Inactive departments stay listed: their past activity is still in the log.
          options={departments.map((d) => ({ value: d.id, label: localName(d.name, i18n.language) }))}
          value={draft.department}
          onChange={(value?: string) => update('department', value)}
          style={{ width: 180 }}
          data-testid="audit-filter-department"
        />
        <Input
          allowClear
          placeholder={t('audit.filterPatient')}
          aria-label={t('audit.filterPatient')}
          value={draft.patient}
          onChange={(e) => update('patient', e.target.value)}
          onPressEnter={apply}
          style={{ width: 160 }}
          data-testid="audit-filter-patient"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.filterAction')}
          aria-label={t('audit.filterAction')}
          options={AUDIT_ACTIONS.map((action) => ({ value: action, label: t(`auditAction.${action}`) }))}
          value={draft.action}
          onChange={(value?: AuditAction) => update('action', value)}
          style={{ width: 160 }}
          data-testid="audit-filter-action"
        />
        <Select
          allowClear
          placeholder={t('audit.filterOutcome')}
          aria-label={t('audit.filterOutcome')}
          options={AUDIT_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`auditOutcome.${outcome}`) }))}
          value={draft.outcome}
          onChange={(value?: AuditOutcome) => update('outcome', value)}
          style={{ width: 130 }}
          data-testid="audit-filter-outcome"
        />
        <Input
          allowClear
          placeholder={t('audit.filterGrant')}
          aria-label={t('audit.filterGrant')}
          value={draft.grant}
          onChange={(e) => update('grant', e.target.value)}
          onPressEnter={apply}
          style={{ width: 160 }}
          data-testid="audit-filter-grant"
        />
        <Space>
          <Button type="primary" icon={<SearchOutlined />} onClick={apply} data-testid="audit-apply">
            {t('audit.apply')}
          </Button>
          <Button onClick={reset} data-testid="audit-reset">
            {t('common.reset')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
        </Space>
      </div>
      <div className="yx-toolbar" style={{ alignItems: 'center' }}>
        <Tooltip title={t('audit.exportHint')}>
          <Typography.Text type="secondary">
            <DownloadOutlined /> {t('audit.export')}
          </Typography.Text>
        </Tooltip>
        {AUDIT_EXPORT_FORMATS.map((format) => (
          // A plain link: the browser downloads the file itself, with the session cookie, streaming to disk.
          <Button key={format} size="small" href={auditApi.exportHref(format, range)} download data-testid={`audit-export-${format}`}>
            {t(EXPORT_LABELS[format])}
          </Button>
        ))}
      </div>
      <ErrorAlert error={list.error} />
      <div data-testid="audit-table">
        <Table<AuditEntry>
          rowKey="seq"
          columns={columns}
          dataSource={items}
          loading={list.loading}
          pagination={false}
          size="middle"
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('audit.empty') }}
          onRow={(entry) => ({ onClick: () => setSelected(entry), style: { cursor: 'pointer' } })}
        />
      </div>
      <LoadMorePager
        list={list}
        label={t('audit.more')}
        testId="audit-more"
        summary={list.hasMore ? t('audit.shown', { count: items.length }) : t('audit.allShown', { count: items.length })}
        summaryTestId="audit-count"
      />
      <EntryDrawer seq={selected?.seq} preview={selected} departments={departments} onClose={() => setSelected(undefined)} />
    </>
  );
}
