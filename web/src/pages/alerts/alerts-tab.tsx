import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { alertsApi } from '../../api/endpoints';
import { ALERT_RULES, ALERT_STATUSES, type AlertRule, type AlertStatus, type AnomalyAlert } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { LoadMorePager } from '../../components/load-more-pager';
import { byId } from '../../lib/append-page';
import { formatTimestamp, localName } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { useCursorList } from '../../lib/use-cursor-list';
import { useDepartments } from '../../lib/use-departments';
import { AlertDrawer } from './alert-drawer';
import { AlertStatusTag, RuleName, SeverityTag } from './alert-tags';
import { alertFilter, replaceById, type AlertFilter } from './filters';

const PAGE_SIZE = 50;

type DayjsRange = [Dayjs | null, Dayjs | null];

interface Draft {
  status: AlertStatus | undefined;
  rule: AlertRule | undefined;
  range: DayjsRange | null;
}

// The triage queue first: open alerts, newest first.
const INITIAL_DRAFT: Draft = { status: 'open', rule: undefined, range: null };

function toFilter(draft: Draft): AlertFilter {
  return alertFilter({ status: draft.status, rule: draft.rule, range: draft.range ? [draft.range[0]?.toDate() ?? null, draft.range[1]?.toDate() ?? null] : null });
}

/** The alert list with its filters; `?alert=<id>` opens one alert (where violation cases link to). */
export function AlertsTab({ refreshTick }: { refreshTick: number }) {
  const { t, i18n } = useTranslation();
  const { departments } = useDepartments();
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(INITIAL_DRAFT);
  const [filter, setFilter] = useState<AlertFilter>(() => toFilter(INITIAL_DRAFT));
  const list = useCursorList((cursor?: string, signal?: AbortSignal) => alertsApi.list({ ...filter, limit: PAGE_SIZE, cursor }, signal), byId, [filter, refreshTick]);
  const { items, setItems } = list;
  const openId = params.get('alert') ?? undefined;

  const open = (alertId: string | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (alertId) next.set('alert', alertId);
        else next.delete('alert');
        return next;
      },
      { replace: alertId === undefined },
    );
  const update = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const apply = () => setFilter(toFilter(draft));
  const reset = () => {
    setDraft({ status: undefined, rule: undefined, range: null });
    setFilter({});
  };
  const departmentName = (departmentId: string | null) => {
    const found = departmentId ? departments.find((d) => d.id === departmentId) : undefined;
    return found ? localName(found.name, i18n.language) : '';
  };

  const columns: TableColumnsType<AnomalyAlert> = [
    {
      title: t('alerts.raisedAt'),
      key: 'raisedAt',
      width: 170,
      render: (_, a) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(a.id)} data-testid={`alert-open-${a.id}`}>
          {formatTimestamp(a.raisedAt, i18n.language)}
        </Button>
      ),
    },
    { title: t('alerts.rule'), key: 'rule', render: (_, a) => <RuleName alert={a} /> },
    { title: t('alerts.severity'), key: 'severity', width: 90, render: (_, a) => <SeverityTag severity={a.severity} /> },
    {
      title: t('alerts.subject'),
      key: 'subject',
      width: 200,
      render: (_, a) => (
        <Space size={4} wrap>
          <Typography.Text strong>{a.subject.username ?? '—'}</Typography.Text>
          <Typography.Text type="secondary">{departmentName(a.subject.departmentId)}</Typography.Text>
        </Space>
      ),
    },
    { title: t('alerts.occurredAt'), key: 'occurredAt', width: 170, render: (_, a) => formatTimestamp(a.occurredAt, i18n.language) },
    { title: t('alerts.evidenceCount'), key: 'evidence', width: 80, render: (_, a) => a.evidence.length },
    { title: t('alerts.status'), key: 'status', width: 110, render: (_, a) => <AlertStatusTag status={a.status} /> },
    {
      title: t('alerts.case'),
      key: 'case',
      width: 100,
      render: (_, a) => (a.violationCaseId ? <Link to={`/violations/${encodeURIComponent(a.violationCaseId)}`}>{t('alerts.openCase')}</Link> : '—'),
    },
  ];

  return (
    <>
      <div className="yx-toolbar">
        <Select<AlertStatus>
          allowClear
          placeholder={t('alerts.filterStatus')}
          aria-label={t('alerts.filterStatus')}
          options={ALERT_STATUSES.map((s) => ({ value: s, label: t(`alertStatus.${s}`) }))}
          value={draft.status}
          onChange={(value) => update('status', value)}
          style={{ width: 140 }}
          data-testid="alerts-filter-status"
        />
        <Select<AlertRule>
          allowClear
          placeholder={t('alerts.filterRule')}
          aria-label={t('alerts.filterRule')}
          options={ALERT_RULES.map((r) => ({ value: r, label: t(`alertRule.${r}`) }))}
          value={draft.rule}
          onChange={(value) => update('rule', value)}
          style={{ width: 220 }}
          data-testid="alerts-filter-rule"
        />
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          allowEmpty={[true, true]}
          value={draft.range}
          onChange={(value) => update('range', value as DayjsRange | null)}
          placeholder={[t('alerts.timeFrom'), t('alerts.timeTo')]}
          aria-label={t('alerts.filterTime')}
          data-testid="alerts-filter-time"
        />
        <Space>
          <Button type="primary" icon={<SearchOutlined />} onClick={apply} data-testid="alerts-apply">
            {t('alerts.apply')}
          </Button>
          <Button onClick={reset} data-testid="alerts-reset">
            {t('common.reset')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
        </Space>
      </div>
      <ErrorAlert error={list.error} />
      <div data-testid="alerts-table">
        <Table<AnomalyAlert>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={list.loading}
          pagination={false}
          size="middle"
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('alerts.empty') }}
          onRow={(a) => ({ ...testId(`alert-row-${a.id}`), 'data-status': a.status, 'data-rule': a.rule, onClick: () => open(a.id), style: { cursor: 'pointer' } }) as Record<string, unknown>}
        />
      </div>
      <LoadMorePager
        list={list}
        label={t('alerts.more')}
        testId="alerts-more"
        summary={list.hasMore ? t('alerts.shown', { count: items.length }) : t('alerts.allShown', { count: items.length })}
        summaryTestId="alerts-count"
      />
      <AlertDrawer alertId={openId} departments={departments} onClose={() => open(undefined)} onTriaged={(alert) => setItems((shown) => replaceById(shown, alert))} />
    </>
  );
}
