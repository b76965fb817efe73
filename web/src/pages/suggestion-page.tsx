import { ArrowLeftOutlined, CheckOutlined, DownloadOutlined, PlayCircleOutlined, ReloadOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Result, Space, Typography, type DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { suggestionsApi } from '../api/endpoints';
import type { SuggestionDetail } from '../api/types';
import { useMe } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { formatBytes, formatDateTime, localName } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { canHandleSuggestions, capacityOf, suggestionCommands } from './suggestions/audience';
import { EventsTimeline } from './suggestions/events-timeline';
import { ReopenModal } from './suggestions/reopen-modal';
import { ReplyForm } from './suggestions/reply-form';
import { SubmitterText, SuggestionKindTag, SuggestionStatusTag } from './suggestions/suggestion-tags';

/**
 * One suggestion or complaint, where its notices lead: the text and attachment, the thread of responses
 * and status changes, and what the viewer may do — the information department takes it on, answers and
 * closes it; its submitter closes it or reopens an answer within the window. Anyone else is told it does
 * not exist, as the server answers.
 */
export default function SuggestionPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const me = useMe();
  const [suggestion, setSuggestion] = useState<SuggestionDetail>();
  const [refreshTick, setRefreshTick] = useState(0);
  const [busy, setBusy] = useState<'start' | 'close'>();
  const [actionError, setActionError] = useState<unknown>();
  const [reopening, setReopening] = useState(false);

  const { loading, error } = useLoad(
    (signal) => suggestionsApi.get(id, signal).catch((cause: unknown) => (cause instanceof ApiError && cause.status === 404 ? undefined : Promise.reject(cause))),
    setSuggestion,
    [id, refreshTick],
  );

  if (loading && !suggestion) return <PageSpinner />;
  if (!suggestion) {
    return error ? (
      <Card>
        <ErrorAlert error={error} />
      </Card>
    ) : (
      <Result status="404" title={t('suggestion.notFound')} extra={<Link to="/suggestions">{t('suggestion.backToList')}</Link>} data-testid="suggestion-not-found" />
    );
  }

  const roles = me.user.roles;
  const capacity = capacityOf(suggestion, roles);
  const commands = suggestionCommands(suggestion, roles, new Date());
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const changeStatus = async (to: 'in_progress' | 'closed') => {
    setBusy(to === 'in_progress' ? 'start' : 'close');
    setActionError(undefined);
    try {
      setSuggestion(await suggestionsApi.changeStatus(suggestion.id, to));
      void message.success(to === 'in_progress' ? t('suggestion.started') : t('suggestion.closed'));
    } catch (cause) {
      setActionError(cause);
    } finally {
      setBusy(undefined);
    }
  };

  const attachment = suggestion.attachment;
  const items: DescriptionsProps['items'] = [
    { key: 'kind', label: t('suggestion.kind'), children: <SuggestionKindTag kind={suggestion.kind} /> },
    { key: 'category', label: t('suggestion.category'), children: localName(suggestion.categoryLabel, i18n.language) || suggestion.category },
    { key: 'status', label: t('suggestion.status'), children: <SuggestionStatusTag status={suggestion.status} /> },
    {
      key: 'submitter',
      label: t('suggestion.submitter'),
      children:
        suggestion.mine && suggestion.anonymous ? (
          <Typography.Text data-testid="suggestion-anonymous-mine">{t('suggestion.anonymousMine')}</Typography.Text>
        ) : (
          <SubmitterText suggestion={suggestion} />
        ),
    },
    {
      key: 'text',
      label: t('suggestion.text'),
      span: 2,
      children: (
        <div style={{ whiteSpace: 'pre-wrap' }} data-testid="suggestion-text">
          {suggestion.text}
        </div>
      ),
    },
    { key: 'submittedAt', label: t('suggestion.submittedAt'), children: date(suggestion.submittedAt) },
    { key: 'updatedAt', label: t('suggestion.updatedAt'), children: date(suggestion.updatedAt) },
    {
      key: 'attachment',
      label: t('suggestion.attachmentLabel'),
      span: 2,
      children: attachment ? (
        <Space wrap>
          <span data-testid="suggestion-attachment-file">{attachment.name}</span>
          <Typography.Text type="secondary">{formatBytes(attachment.bytes, i18n.language)}</Typography.Text>
          {/* A plain link: the browser sends the session cookie and saves the file the server names. */}
          <Button size="small" icon={<DownloadOutlined />} href={suggestionsApi.attachmentUrl(suggestion.id)} download={attachment.name} data-testid="suggestion-download">
            {t('suggestion.download')}
          </Button>
        </Space>
      ) : (
        t('common.none')
      ),
    },
    ...(suggestion.reopenCount > 0 ? [{ key: 'reopenCount', label: t('suggestion.reopen'), children: t('suggestion.reopenCount', { count: suggestion.reopenCount }) }] : []),
  ];

  return (
    <Card
      title={
        <Space>
          {t('suggestion.detailTitle')}
          <SuggestionStatusTag status={suggestion.status} />
        </Space>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
          <Link to="/suggestions">
            <Button icon={<ArrowLeftOutlined />}>{t('suggestion.backToList')}</Button>
          </Link>
        </Space>
      }
      data-testid="suggestion-detail"
      data-status={suggestion.status}
    >
      <ErrorAlert error={error} />
      <Descriptions bordered size="small" column={2} items={items} style={{ marginBottom: 16 }} />
      {capacity === 'submitter' && canHandleSuggestions(roles) && <Alert type="info" showIcon title={t('suggestion.ownNote')} style={{ marginBottom: 16 }} />}
      {capacity === 'reader' && <Alert type="info" showIcon title={t('suggestion.readOnly')} style={{ marginBottom: 16 }} data-testid="suggestion-read-only" />}
      <ErrorAlert error={actionError} testId="suggestion-action-error" />
      {(commands.start || commands.close || commands.reopen) && (
        <Space wrap style={{ marginBottom: 16 }}>
          {commands.start && (
            <Button icon={<PlayCircleOutlined />} loading={busy === 'start'} onClick={() => void changeStatus('in_progress')} data-testid="suggestion-start">
              {t('suggestion.start')}
            </Button>
          )}
          {commands.close && (
            <Popconfirm title={t('suggestion.closeConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => changeStatus('closed')}>
              <Button icon={<CheckOutlined />} loading={busy === 'close'} data-testid="suggestion-close">
                {capacity === 'submitter' ? t('suggestion.closeMine') : t('suggestion.close')}
              </Button>
            </Popconfirm>
          )}
          {commands.reopen && (
            <Button icon={<UndoOutlined />} onClick={() => setReopening(true)} data-testid="suggestion-reopen">
              {t('suggestion.reopen')}
            </Button>
          )}
          {commands.reopen && suggestion.reopenableUntil && (
            <Typography.Text type="secondary" data-testid="suggestion-reopen-until">
              {t('suggestion.reopenUntil', { date: date(suggestion.reopenableUntil) })}
            </Typography.Text>
          )}
        </Space>
      )}
      <Card size="small" title={t('suggestion.thread')}>
        <EventsTimeline events={suggestion.events} />
      </Card>
      {commands.answer && (
        <ReplyForm
          suggestion={suggestion}
          interimAllowed={commands.interim}
          onReplied={(updated, interim) => {
            setSuggestion(updated);
            void message.success(interim ? t('suggestion.interimSent') : t('suggestion.answered'));
          }}
        />
      )}
      <ReopenModal
        suggestionId={reopening ? suggestion.id : undefined}
        onClose={() => setReopening(false)}
        onReopened={(updated) => {
          setReopening(false);
          setSuggestion(updated);
          void message.success(t('suggestion.reopened'));
        }}
      />
    </Card>
  );
}
