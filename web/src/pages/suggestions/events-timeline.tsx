import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SuggestionEvent } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { isSuggestionAction, isSuggestionStatus } from './display';

const ACTION_COLORS: Record<string, string> = { start: 'blue', interim: 'blue', answer: 'green', close: 'gray', reopen: 'orange' };

/**
 * Responses and status changes, oldest first. A handler is named; the submitter is only ever "the
 * submitter", so the thread of an anonymous suggestion names nobody who wrote it.
 */
export function EventsTimeline({ events }: { events: readonly SuggestionEvent[] }) {
  const { t, i18n } = useTranslation();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('suggestion.noEvents')} />;
  const status = (value: string) => (isSuggestionStatus(value) ? t(`suggestionStatus.${value}`) : value);
  return (
    <div data-testid="suggestion-events">
      <Timeline
        items={events.map((event) => ({
          key: event.version,
          color: ACTION_COLORS[event.action] ?? 'gray',
          content: (
            <div data-testid="suggestion-event" data-action={event.action} data-by={event.by}>
              <Space wrap size={8}>
                <Typography.Text strong>{isSuggestionAction(event.action) ? t(`suggestionAction.${event.action}`) : event.action}</Typography.Text>
                <Typography.Text>{event.by === 'handler' && event.handler ? t('suggestion.byHandler', { name: event.handler.displayName }) : t('suggestion.bySubmitter')}</Typography.Text>
                {event.from !== event.to && (
                  <Tag>
                    {status(event.from)} → {status(event.to)}
                  </Tag>
                )}
                <Typography.Text type="secondary">{formatDateTime(event.at, i18n.language)}</Typography.Text>
              </Space>
              {event.text && (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4, marginBottom: 0 }} data-testid="suggestion-event-text">
                  {event.text}
                </Typography.Paragraph>
              )}
            </div>
          ),
        }))}
      />
    </div>
  );
}
