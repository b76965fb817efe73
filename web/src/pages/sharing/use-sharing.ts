import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi, institutionsApi, policyApi, usersApi } from '../../api/endpoints';
import type { Department, Institution, PurposeOption, Recipient, SharingPurpose } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { localName } from '../../lib/format';
import { useDepartments } from '../../lib/use-departments';
import { useLoad } from '../../lib/use-load';
import { accessSettingsFrom } from '../patients/use-access-settings';
import { sharingPurposesFrom } from './request-form';
import type { Viewer } from './workflow';

export interface SharingSettings {
  /** Purpose templates (`sharing.purposes`): categories, necessary fields, maximum period, patient scope. */
  purposes: SharingPurpose[];
  /** Names of purposes of use (`access.purposes`). */
  labels: PurposeOption[];
}

// Settings change rarely and take effect on a date; one read per page view is enough.
let cached: Promise<SharingSettings> | undefined;

function loadSettings(): Promise<SharingSettings> {
  cached ??= policyApi.settings().then(
    ({ items }) => ({ purposes: sharingPurposesFrom(items), labels: accessSettingsFrom(items).purposes }),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

export function useSharingSettings(): SharingSettings & { loaded: boolean; error: unknown; purposeLabel: (code: string) => string } {
  const { i18n } = useTranslation();
  const [settings, setSettings] = useState<SharingSettings>({ purposes: [], labels: [] });
  const [loaded, setLoaded] = useState(false);
  const { error } = useLoad(
    () => loadSettings(),
    (value) => {
      setSettings(value);
      setLoaded(true);
    },
    [],
  );
  const purposeLabel = useCallback(
    (code: string) => localName(settings.labels.find((p) => p.code === code)?.label, i18n.language) || code,
    [settings.labels, i18n.language],
  );
  return { ...settings, loaded, error, purposeLabel };
}

export interface Directory {
  departments: Department[];
  institutions: Institution[];
  departmentById: (id: string) => Department | undefined;
  departmentByCode: (code: string) => Department | undefined;
  institutionById: (id: string) => Institution | undefined;
  /** The recipient's name in the UI language; the id when the directory does not know it. */
  recipientName: (recipient: { kind: string; id: string }) => string;
}

/** Departments and institutions by id and code, for recipients and review steps; empty without the read permissions. */
export function useDirectory(): Directory {
  const { i18n } = useTranslation();
  const { can } = useSession();
  const { departments } = useDepartments();
  const mayListInstitutions = can('institution:read');
  const [institutions, setInstitutions] = useState<Institution[]>([]);
  useLoad(
    async () => (mayListInstitutions ? (await institutionsApi.list()).items : []),
    setInstitutions,
    [mayListInstitutions],
  );
  return useMemo(() => {
    const departmentById = (id: string) => departments.find((d) => d.id === id);
    const institutionById = (id: string) => institutions.find((i) => i.id === id);
    return {
      departments,
      institutions,
      departmentById,
      departmentByCode: (code: string) => departments.find((d) => d.code === code),
      institutionById,
      recipientName: (recipient: Recipient | { kind: string; id: string }) => {
        const found = recipient.kind === 'institution' ? institutionById(recipient.id) : recipient.kind === 'department' ? departmentById(recipient.id) : undefined;
        return found ? localName(found.name, i18n.language) : recipient.id;
      },
    };
  }, [departments, institutions, i18n.language]);
}

/** The signed-in user as the review rules see them. */
export function useViewer(directory: Directory): Viewer {
  const me = useMe();
  const departmentCode = me.user.departmentId ? (directory.departmentById(me.user.departmentId)?.code ?? null) : null;
  return useMemo(() => ({ userId: me.user.id, roles: me.user.roles, departmentCode }), [me.user.id, me.user.roles, departmentCode]);
}

// Names of people by user id; the view carries ids only.
const nameCache = new Map<string, Promise<string | null>>();

function nameOf(userId: string): Promise<string | null> {
  let found = nameCache.get(userId);
  if (!found) {
    found = usersApi.get(userId).then(
      (user) => user.displayName,
      () => null,
    );
    nameCache.set(userId, found);
  }
  return found;
}

/**
 * Display names of the given users: the signed-in user always; others only for readers of the user
 * directory (user:read). A user who cannot be named stays out of the map (callers show the id).
 */
export function useUserNames(ids: readonly string[]): Map<string, string> {
  const me = useMe();
  const { can } = useSession();
  const allowed = can('user:read');
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (!allowed || !key) return;
    let live = true;
    for (const id of key.split(',')) {
      if (id === me.user.id) continue;
      void nameOf(id).then((name) => {
        if (live && name) setNames((shown) => (shown.get(id) === name ? shown : new Map(shown).set(id, name)));
      });
    }
    return () => {
      live = false;
    };
  }, [allowed, key, me.user.id]);
  return useMemo(() => new Map(names).set(me.user.id, me.user.displayName), [names, me.user.id, me.user.displayName]);
}

/** Owning department code of each catalog resource (a head may revoke grants opening their department's data). */
export function useCatalogOwners(): Map<string, string | null> {
  const { can } = useSession();
  const allowed = can('catalog:read');
  const [owners, setOwners] = useState<Map<string, string | null>>(new Map());
  useLoad(
    async (signal) => (allowed ? (await catalogApi.list({}, signal)).items : []),
    (items) => setOwners(new Map(items.map((item) => [item.code, item.ownerDepartmentCode]))),
    [allowed],
  );
  return owners;
}
