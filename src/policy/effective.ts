/** A stored version of one setting, as the pure rule below sees it. */
export interface SettingVersion<T> {
  version: number;
  value: T;
  effectiveFrom: string;
}

/**
 * The version in force at `at`: the newest version whose effective date has come. A version
 * written today to take effect next month leaves the current one in force until then.
 */
export function effectiveVersion<T>(versions: readonly SettingVersion<T>[], at: Date): SettingVersion<T> | null {
  const time = at.getTime();
  let best: SettingVersion<T> | null = null;
  for (const candidate of versions) {
    if (Date.parse(candidate.effectiveFrom) > time) continue;
    if (!best || candidate.version > best.version) best = candidate;
  }
  return best;
}
