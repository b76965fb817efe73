import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../api/endpoints';
import type { User } from '../../api/types';

const HITS = 20;

/** Finds an account by username or name as one types (user:read); the value is the user id. */
export function UserSelect({ value, onChange, testId }: { value?: string; onChange?: (userId: string | undefined) => void; testId: string }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [users, setUsers] = useState<User[]>([]);
  // Everyone seen so far, so the picked account keeps its name when the next search no longer lists it.
  const [seen, setSeen] = useState<Map<string, User>>(new Map());
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    // A short pause so each keystroke does not become a request (each search is audited).
    const timer = setTimeout(() => {
      setSearching(true);
      usersApi
        .list({ ...(query.trim() ? { q: query.trim() } : {}), limit: HITS }, controller.signal)
        .then((page) => {
          setUsers(page.items);
          setSeen((known) => new Map([...known, ...page.items.map((u) => [u.id, u] as const)]));
        })
        .catch(() => undefined)
        .finally(() => {
          if (!controller.signal.aborted) setSearching(false);
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setQuery }}
      allowClear
      value={value}
      onChange={(next) => onChange?.(next)}
      loading={searching}
      placeholder={t('violations.userPlaceholder')}
      notFoundContent={searching ? t('app.loading') : t('violations.noUsers')}
      options={[...users, ...(value && !users.some((u) => u.id === value) && seen.has(value) ? [seen.get(value)!] : [])].map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
      data-testid={testId}
    />
  );
}
