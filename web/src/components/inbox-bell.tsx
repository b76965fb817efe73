import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { inboxApi } from '../api/endpoints';

/** How often the header asks for unread notices while the console is open. */
const POLL_MS = 60_000;

// The unread count is shared by the header badge and the inbox page, which updates it after marking.
const listeners = new Set<() => void>();
let unread = 0;

export function setUnreadCount(count: number): void {
  if (count === unread) return;
  unread = count;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useUnreadCount(): number {
  return useSyncExternalStore(subscribe, () => unread, () => 0);
}

export async function refreshUnreadCount(signal?: AbortSignal): Promise<void> {
  const { unread: count } = await inboxApi.list({ unread: true, limit: 1 }, signal);
  setUnreadCount(count);
}

/** 消息: the header's bell with the number of unread notices; read again on every page change and each minute. */
export function InboxBell() {
  const { t } = useTranslation();
  const count = useUnreadCount();
  const { pathname } = useLocation();

  useEffect(() => {
    const controller = new AbortController();
    const refresh = () => void refreshUnreadCount(controller.signal).catch(() => undefined);
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [pathname]);

  return (
    <Tooltip title={t('inbox.title')}>
      <Link to="/inbox" aria-label={t('inbox.unreadLabel', { count })} data-testid="header-inbox">
        <Badge count={count} size="small" overflowCount={99} data-testid="inbox-unread" data-count={count}>
          <Button type="text" icon={<BellOutlined />} tabIndex={-1} />
        </Badge>
      </Link>
    </Tooltip>
  );
}
