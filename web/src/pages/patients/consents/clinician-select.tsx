import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../../api/endpoints';
import type { User } from '../../../api/types';
import { useSession } from '../../../auth/session';
import { isClinician } from './consent-draft';

const SEARCH_DELAY_MS = 300;

/**
 * The clinician who took a verbal consent. The signed-in clinician is offered (and is the server's
 * default); readers of the user directory may name another clinician, found by name.
 */
export function ClinicianSelect({ value, onChange }: { value?: string | null; onChange?: (value: string | null) => void }) {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const mayList = can('user:read');
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<User[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!mayList) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      const q = search.trim() || undefined;
      // Department heads hold staff too in most hospitals, but not necessarily: ask for both roles.
      Promise.all(
        (['staff', 'dept_head'] as const).map((role) => usersApi.list({ role, status: 'active', limit: 50, ...(q ? { q } : {}) }, controller.signal)),
      )
        .then((pages) => setFound(pages.flatMap((page) => page.items)))
        .catch(() => undefined)
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [mayList, search]);

  const options = useMemo(() => {
    const people = new Map<string, User>();
    if (me && isClinician(me.user)) people.set(me.user.id, me.user);
    for (const user of found) if (isClinician(user)) people.set(user.id, user);
    return [...people.values()].map((user) => ({
      value: user.id,
      label: user.id === me?.user.id ? t('consent.clinicianMe', { name: user.displayName }) : `${user.displayName}（${user.username}）`,
    }));
  }, [found, me, t]);

  return (
    <Select
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      options={options}
      showSearch={mayList ? { filterOption: false, onSearch: setSearch } : false}
      loading={loading}
      allowClear={mayList}
      placeholder={mayList ? t('consent.clinicianSearch') : undefined}
      notFoundContent={mayList ? undefined : t('consent.clinicianNone')}
      data-testid="consent-clinician"
    />
  );
}
