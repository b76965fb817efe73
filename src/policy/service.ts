import type { Kysely } from 'kysely';
import { Value } from 'typebox/value';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import { effectiveVersion, type SettingVersion } from './effective.js';
import { POLICY_KEYS, POLICY_SETTINGS, type PolicyKey, type PolicyValue } from './settings.js';
import { allVersions, insertVersion, versionsOf } from './store.js';
import type { PolicySettingRow } from './tables.js';

/** How long another instance's change may take to be seen here; policy changes are not per-request events. */
const CACHE_MS = 5_000;

export interface PolicySettingView {
  key: PolicyKey;
  description: { zh: string; en: string };
  value: unknown;
  /** null while the built-in default is in force. */
  version: number | null;
  effectiveFrom: string | null;
  /** A version already written that takes effect later. */
  pending: { version: number; effectiveFrom: string } | null;
}

export interface PolicyChange {
  value: unknown;
  effectiveFrom?: string;
  note?: string;
}

export class PolicyService {
  private cache: { loadedAt: number; versions: Map<string, SettingVersion<unknown>[]> } | null = null;
  private readonly listeners: ((key: PolicyKey) => void)[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The value in force now (or at `at`), falling back to the built-in default. */
  async get<K extends PolicyKey>(key: K, at: Date = this.clock()): Promise<PolicyValue<K>> {
    const versions = (await this.versions()).get(key) ?? [];
    const current = effectiveVersion(versions, at);
    return (current?.value ?? POLICY_SETTINGS[key].defaultValue) as PolicyValue<K>;
  }

  /** Called after a new version is written here, for caches built from a setting (e.g. signed-in principals and `auth.mfa`). */
  onChange(listener: (key: PolicyKey) => void): void {
    this.listeners.push(listener);
  }

  async list(): Promise<PolicySettingView[]> {
    const all = await this.versions();
    return POLICY_KEYS.map((key) => this.view(key, all.get(key) ?? []));
  }

  async history(key: PolicyKey): Promise<PolicySettingRow[]> {
    return versionsOf(this.db, key);
  }

  async change(key: PolicyKey, change: PolicyChange, changedBy: string): Promise<PolicySettingView> {
    const schema = POLICY_SETTINGS[key].schema;
    if (!Value.Check(schema, change.value)) {
      const errors = [...Value.Errors(schema, change.value)].slice(0, 10).map((e) => ({ path: `body/value${e.instancePath}`, message: e.message }));
      throw new AppError(Errors.VALIDATION_FAILED, {}, errors);
    }
    const now = this.clock().toISOString();
    const effectiveFrom = change.effectiveFrom ? new Date(change.effectiveFrom).toISOString() : now;
    await insertVersion(this.db, { key, value: JSON.stringify(change.value), effective_from: effectiveFrom, changed_by: changedBy, changed_at: now, note: change.note ?? null });
    this.cache = null;
    for (const listener of this.listeners) listener(key);
    return this.view(key, (await this.versions()).get(key) ?? []);
  }

  private view(key: PolicyKey, versions: SettingVersion<unknown>[]): PolicySettingView {
    const now = this.clock();
    const current = effectiveVersion(versions, now);
    const pending = versions.filter((v) => Date.parse(v.effectiveFrom) > now.getTime()).sort((a, b) => b.version - a.version)[0];
    return {
      key,
      description: POLICY_SETTINGS[key].description,
      value: current?.value ?? POLICY_SETTINGS[key].defaultValue,
      version: current?.version ?? null,
      effectiveFrom: current?.effectiveFrom ?? null,
      pending: pending ? { version: pending.version, effectiveFrom: pending.effectiveFrom } : null,
    };
  }

  private async versions(): Promise<Map<string, SettingVersion<unknown>[]>> {
    if (this.cache && Date.now() - this.cache.loadedAt < CACHE_MS) return this.cache.versions;
    const byKey = new Map<string, SettingVersion<unknown>[]>();
    for (const row of await allVersions(this.db)) {
      const list = byKey.get(row.key) ?? [];
      list.push({ version: row.version, value: JSON.parse(row.value) as unknown, effectiveFrom: row.effective_from });
      byKey.set(row.key, list);
    }
    this.cache = { loadedAt: Date.now(), versions: byKey };
    return byKey;
  }
}
