import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { suggestionsApi } from '../api/endpoints';
import { SUGGESTION_KINDS, SUGGESTION_STATUSES, type Suggestion, type SuggestionKind, type SuggestionStatus } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { LoadMorePager } from '../components/load-more-pager';
import { byId } from '../lib/append-page';
import { formatDateTime, localName } from '../lib/format';
import { testId } from '../lib/test-id';
import { useCursorList } from '../lib/use-cursor-list';
import { canOverseeSuggestions } from './suggestions/audience';
import { excerpt } from './suggestions/display';
import { StatisticsCard } from './suggestions/statistics-card';
import { SubmitModal } from './suggestions/submit-modal';
import { SubmitterText, SuggestionKindTag, SuggestionStatusTag } from './suggestions/suggestion-tags';
import { useSuggestionVocabulary } from './suggestions/use-vocabulary';

type Scope = 'mine' | 'all';

const PAGE_SIZE = 50;

/**
 * 意见建议 (反馈渠道, policy Ch.7 (2)): everyone submits suggestions and complaints about the sharing
 * process and follows their own; the information department works through all of them (the queue),
 * which auditors read along. Anonymous ones show no submitter to anybody.
 */
export default function SuggestionsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const { can } = useSession();
  const oversees = canOverseeSuggestions(me.user.roles);
  const [scope, setScope] = useState<Scope>(oversees ? 'all' : 'mine');
  const [status, setStatus] = useState<SuggestionStatus>();
  const [category, setCategory] = useState<string>();
  const [kind, setKind] = useState<SuggestionKind>();
  const [submitting, setSubmitting] = useState(false);
  const { vocabulary, error: vocabularyError } = useSuggestionVocabulary();
  const query = { scope, ...(status ? { status } : {}), ...(category ? { category } : {}), ...(kind ? { kind } : {}), limit: PAGE_SIZE };

  const list = useCursorList((cursor?: string, signal?: AbortSignal) => suggestionsApi.list({ ...query, cursor }, signal), byId, [scope, status, category, kind]);

  const columns: TableColumnsType<Suggestion> = [
    { title: t('suggestion.submittedAt'), key: 'submittedAt', width: 150, render: (_, s) => formatDateTime(s.submittedAt, i18n.language) },
    { title: t('suggestion.kind'), key: 'kind', width: 80, render: (_, s) => <SuggestionKindTag kind={s.kind} /> },
    { title: t('suggestion.category'), key: 'category', width: 140, render: (_, s) => localName(s.categoryLabel, i18n.language) || s.category },
    {
      title: t('suggestion.text'),
      key: 'text',
      render: (_, s) => (
        <Link to={`/suggestions/${encodeURIComponent(s.id)}`} data-testid="suggestion-open">
          {excerpt(s.text)}
        </Link>
      ),
    },
    ...(scope === 'all' ? [{ title: t('suggestion.submitter'), key: 'submitter', width: 160, render: (_: unknown, s: Suggestion) => <SubmitterText suggestion={s} /> }] : []),
    { title: t('suggestion.status'), key: 'status', width: 100, render: (_, s) => <SuggestionStatusTag status={s.status} /> },
    { title: t('suggestion.updatedAt'), key: 'updatedAt', width: 150, render: (_, s) => formatDateTime(s.updatedAt, i18n.language) },
  ];

  return (
    <Card
      title={t('suggestion.title')}
      extra={
        <Space>
          <Button type="primary" icon={<PlusOutlined />} disabled={!vocabulary} onClick={() => setSubmitting(true)} data-testid="suggestion-new">
            {t('suggestion.new')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
        </Space>
      }
    >
      {vocabulary && <Typography.Paragraph type="secondary">{t('suggestion.intro', { days: vocabulary.reopenDays })}</Typography.Paragraph>}
      <ErrorAlert error={vocabularyError} />
      {scope === 'all' && can('report:read') && <StatisticsCard />}
      <div className="yx-toolbar">
        <Space wrap>
          {oversees && (
            <Segmented<Scope>
              value={scope}
              onChange={setScope}
              options={[
                { value: 'all', label: t('suggestion.scopeAll') },
                { value: 'mine', label: t('suggestion.scopeMine') },
              ]}
              data-testid="suggestion-scope"
            />
          )}
          <Select<SuggestionStatus>
            allowClear
            value={status}
            placeholder={t('suggestion.filterStatus')}
            style={{ width: 150 }}
            options={SUGGESTION_STATUSES.map((s) => ({ value: s, label: t(`suggestionStatus.${s}`) }))}
            onChange={(value) => setStatus(value)}
            data-testid="suggestion-filter-status"
          />
          <Select<string>
            allowClear
            value={category}
            placeholder={t('suggestion.filterCategory')}
            style={{ width: 180 }}
            options={(vocabulary?.categories ?? []).map((c) => ({ value: c.key, label: localName(c.label, i18n.language) }))}
            onChange={(value) => setCategory(value)}
            data-testid="suggestion-filter-category"
          />
          <Select<SuggestionKind>
            allowClear
            value={kind}
            placeholder={t('suggestion.filterKind')}
            style={{ width: 130 }}
            options={SUGGESTION_KINDS.map((k) => ({ value: k, label: t(`suggestionKind.${k}`) }))}
            onChange={(value) => setKind(value)}
            data-testid="suggestion-filter-kind"
          />
        </Space>
      </div>
      <ErrorAlert error={list.error} />
      <div data-testid="suggestion-table">
        <Table<Suggestion>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{ emptyText: scope === 'mine' ? t('suggestion.emptyMine') : t('suggestion.empty') }}
          onRow={(s) => ({ ...testId(`suggestion-row-${s.id}`), 'data-status': s.status, 'data-anonymous': String(s.anonymous) }) as Record<string, string>}
        />
      </div>
      <LoadMorePager list={list} label={t('suggestion.more')} testId="suggestion-more" summary={t('common.total', { count: list.last?.total ?? 0 })} summaryTestId="suggestion-total" />
      {vocabulary && (
        <SubmitModal
          open={submitting}
          vocabulary={vocabulary}
          onClose={() => setSubmitting(false)}
          onSubmitted={(submitted) => {
            setSubmitting(false);
            void message.success(t('suggestion.submitted'));
            navigate(`/suggestions/${encodeURIComponent(submitted.id)}`);
          }}
        />
      )}
    </Card>
  );
}
