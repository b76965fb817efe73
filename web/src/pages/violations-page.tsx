import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { violationsApi } from '../api/endpoints';
import { VIOLATION_STATUSES, VIOLATION_SUBJECT_KINDS, type ViolationCaseSummary, type ViolationStatus, type ViolationSubjectKind } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { LoadMorePager } from '../components/load-more-pager';
import { byId } from '../lib/append-page';
import { formatDateTime } from '../lib/format';
import { testId } from '../lib/test-id';
import { useCursorList } from '../lib/use-cursor-list';
import { CaseStatusTag, DecisionName, SubjectKindTag, SuspendedTag } from './violations/case-tags';
import { NewCaseModal } from './violations/new-case-modal';

const PAGE_SIZE = 50;

/**
 * 违规处理 (policy Ch.7 (3)): supervisors (violation:read) see every case and the information
 * administrator opens new ones; anyone else sees the cases about them (and, as department head,
 * about their department) — the server decides which.
 */
export default function ViolationsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const supervisor = can('violation:read');
  const [status, setStatus] = useState<ViolationStatus>();
  const [subjectKind, setSubjectKind] = useState<ViolationSubjectKind>();
  const [creating, setCreating] = useState(false);
  const query = { ...(status ? { status } : {}), ...(subjectKind ? { subjectKind } : {}), limit: PAGE_SIZE };
  const list = useCursorList((cursor?: string, signal?: AbortSignal) => violationsApi.list({ ...query, cursor }, signal), byId, [status, subjectKind]);
  const { items, loading } = list;

  const columns: TableColumnsType<ViolationCaseSummary> = [
    {
      title: t('violations.caseTitle'),
      key: 'title',
      render: (_, c) => (
        <Link to={`/violations/${encodeURIComponent(c.id)}`} data-testid={`violation-open-${c.id}`}>
          {c.title}
        </Link>
      ),
    },
    {
      title: t('violations.subject'),
      key: 'subject',
      width: 240,
      render: (_, c) => (
        <Space size={4} wrap>
          <SubjectKindTag kind={c.subject.kind} />
          <span>{c.subject.name}</span>
        </Space>
      ),
    },
    {
      title: t('violations.status'),
      key: 'status',
      width: 170,
      render: (_, c) => (
        <Space size={4} wrap>
          <CaseStatusTag status={c.status} />
          {c.suspended && <SuspendedTag />}
        </Space>
      ),
    },
    { title: t('violations.decision'), key: 'decision', width: 160, render: (_, c) => (c.decision ? <DecisionName kind={c.decision.kind} subject={c.subject.kind} /> : '—') },
    { title: t('violations.openedAt'), key: 'openedAt', width: 150, render: (_, c) => formatDateTime(c.openedAt, i18n.language) },
    { title: t('violations.openedBy'), key: 'openedBy', width: 110, render: (_, c) => c.openedBy.name ?? c.openedBy.id },
  ];

  return (
    <Card
      title={t('violations.title')}
      extra={
        <Space>
          {can('violation:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="violations-new">
              {t('violations.new')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" data-testid="violations-intro">
        {supervisor ? t('violations.intro') : t('violations.introSubject')}
      </Typography.Paragraph>
      <div className="yx-toolbar">
        <Select<ViolationStatus>
          allowClear
          value={status}
          placeholder={t('violations.filterStatus')}
          aria-label={t('violations.filterStatus')}
          style={{ width: 170 }}
          options={VIOLATION_STATUSES.map((s) => ({ value: s, label: t(`violationStatus.${s}`) }))}
          onChange={(value) => setStatus(value)}
          data-testid="violations-filter-status"
        />
        <Select<ViolationSubjectKind>
          allowClear
          value={subjectKind}
          placeholder={t('violations.filterSubjectKind')}
          aria-label={t('violations.filterSubjectKind')}
          style={{ width: 170 }}
          options={VIOLATION_SUBJECT_KINDS.map((k) => ({ value: k, label: t(`violationSubjectKind.${k}`) }))}
          onChange={(value) => setSubjectKind(value)}
          data-testid="violations-filter-subject-kind"
        />
      </div>
      <ErrorAlert error={list.error} />
      <div data-testid="violations-table">
        <Table<ViolationCaseSummary>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={loading}
          pagination={false}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{ emptyText: supervisor ? t('violations.empty') : t('violations.emptySubject') }}
          onRow={(c) => ({ ...testId(`violation-row-${c.id}`), 'data-status': c.status }) as Record<string, string>}
        />
      </div>
      <LoadMorePager list={list} label={t('violations.more')} testId="violations-more" summary={t('common.total', { count: items.length })} />
      <NewCaseModal
        open={creating}
        onClose={() => setCreating(false)}
        onOpened={(opened) => {
          setCreating(false);
          navigate(`/violations/${encodeURIComponent(opened.id)}`);
        }}
      />
    </Card>
  );
}
