import { useState } from 'react';
import { policyApi } from '../../api/endpoints';
import type { ReferralSettings, SharingPurpose } from '../../api/types';
import { useLoad } from '../../lib/use-load';
import { purposeTemplate, sharingPurposesFrom } from '../sharing/request-form';
import { DEFAULT_REFERRAL_SETTINGS, REFERRAL_PURPOSE, referralSettingsFrom } from './referral-draft';

export interface ReferralPolicy {
  /** The fast track and the look-back (`sharing.referral`). */
  settings: ReferralSettings;
  /** The referral purpose's template (`sharing.purposes`): its necessary fields are the document set. */
  template: SharingPurpose | undefined;
}

// Settings change rarely and take effect on a date; one read per page view is enough.
let cached: Promise<ReferralPolicy> | undefined;

function loadPolicy(): Promise<ReferralPolicy> {
  cached ??= policyApi.settings().then(
    ({ items }) => ({ settings: referralSettingsFrom(items), template: purposeTemplate(sharingPurposesFrom(items), REFERRAL_PURPOSE) }),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

export function useReferralPolicy(): ReferralPolicy & { loaded: boolean; error: unknown } {
  const [policy, setPolicy] = useState<ReferralPolicy>({ settings: DEFAULT_REFERRAL_SETTINGS, template: undefined });
  const [loaded, setLoaded] = useState(false);
  const { error } = useLoad(
    () => loadPolicy(),
    (value) => {
      setPolicy(value);
      setLoaded(true);
    },
    [],
  );
  return { ...policy, loaded, error };
}
