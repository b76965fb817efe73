import { useState } from 'react';
import { policyApi } from '../../api/endpoints';
import type { EmergencySettings, PolicySetting, PurposeOption } from '../../api/types';
import { useLoad } from '../../lib/use-load';

export interface AccessSettings {
  purposes: PurposeOption[];
  emergency: EmergencySettings;
  /** Look-back of "existing results" (已有检查检验结果). */
  recentDays: number;
}

/** The server's built-in defaults, used until the settings arrive (and if a key is missing). */
export const DEFAULT_ACCESS_SETTINGS: AccessSettings = {
  purposes: [],
  emergency: { windowMinutes: 240, reviewDeadlineHours: 24, minReasonLength: 10 },
  recentDays: 30,
};

function isPurposeList(value: unknown): value is PurposeOption[] {
  return Array.isArray(value) && value.every((p) => p && typeof p === 'object' && typeof (p as PurposeOption).code === 'string');
}

function isEmergency(value: unknown): value is EmergencySettings {
  return !!value && typeof value === 'object' && typeof (value as EmergencySettings).minReasonLength === 'number' && typeof (value as EmergencySettings).windowMinutes === 'number';
}

/** Reads the access settings out of GET /policy/settings; malformed or missing keys keep their defaults. */
export function accessSettingsFrom(items: readonly PolicySetting[]): AccessSettings {
  const value = (key: string) => items.find((item) => item.key === key)?.value;
  const purposes = value('access.purposes');
  const emergency = value('access.emergency');
  const recent = value('access.recentResults') as { days?: unknown } | undefined;
  return {
    purposes: isPurposeList(purposes) ? purposes : DEFAULT_ACCESS_SETTINGS.purposes,
    emergency: isEmergency(emergency) ? emergency : DEFAULT_ACCESS_SETTINGS.emergency,
    recentDays: typeof recent?.days === 'number' ? recent.days : DEFAULT_ACCESS_SETTINGS.recentDays,
  };
}

// Settings change rarely and take effect on a date; one read per page view is enough.
let cached: Promise<AccessSettings> | undefined;

function loadSettings(): Promise<AccessSettings> {
  cached ??= policyApi.settings().then(
    ({ items }) => accessSettingsFrom(items),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

export function useAccessSettings(): { settings: AccessSettings; loaded: boolean; error: unknown } {
  const [settings, setSettings] = useState<AccessSettings>(DEFAULT_ACCESS_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  const { error } = useLoad(
    () => loadSettings(),
    (value) => {
      setSettings(value);
      setLoaded(true);
    },
    [],
  );
  return { settings, loaded, error };
}
