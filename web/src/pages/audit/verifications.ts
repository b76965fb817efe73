import type { VerificationMode, VerificationRun } from '../../api/types';

/** Triggers the server writes itself; anything else is the id of the user who asked for the run. */
export const SYSTEM_TRIGGERS = ['schedule', 'report', 'bench'] as const;
export type SystemTrigger = (typeof SYSTEM_TRIGGERS)[number];

export type TriggerKind = SystemTrigger | 'user';

export function triggerKind(trigger: string): TriggerKind {
  return (SYSTEM_TRIGGERS as readonly string[]).includes(trigger) ? (trigger as SystemTrigger) : 'user';
}

/** User ids among the runs' triggers, each once, for looking up display names. */
export function triggeringUsers(runs: readonly VerificationRun[]): string[] {
  return [...new Set(runs.filter((run) => triggerKind(run.trigger) === 'user').map((run) => run.trigger))];
}

export interface VerificationSummary {
  latest: VerificationRun | undefined;
  latestFull: VerificationRun | undefined;
  /**
   * Why the page should warn. A failed full run is reported even when later incremental runs pass:
   * those stand on the last sound checkpoint and do not re-read the old entries the full run found wrong.
   */
  warning: 'latest-failed' | 'full-failed' | undefined;
}

/** The runs as the server lists them: newest first. */
export function summarize(runs: readonly VerificationRun[]): VerificationSummary {
  const latest = runs[0];
  const latestFull = runs.find((run) => run.mode === 'full');
  const warning = latest && !latest.ok ? 'latest-failed' : latestFull && !latestFull.ok ? 'full-failed' : undefined;
  return { latest, latestFull, warning };
}

/** The entries a run re-hashed, as "from–to" tree sizes (an incremental run covers [fromSize, treeSize)). */
export function rangeLabel(run: Pick<VerificationRun, 'fromSize' | 'treeSize'>): string {
  return `${run.fromSize}–${run.treeSize}`;
}

export type DurationParts = { unit: 'ms'; ms: number } | { unit: 's'; s: string } | { unit: 'min'; min: number; s: number };

/** A run's duration in the largest unit that reads well: milliseconds, seconds to one decimal, or minutes and seconds. */
export function durationParts(durationMs: number): DurationParts {
  const ms = Math.max(0, Math.round(durationMs));
  if (ms < 1000) return { unit: 'ms', ms };
  if (ms < 60_000) return { unit: 's', s: (ms / 1000).toFixed(ms < 10_000 ? 1 : 0) };
  const seconds = Math.round(ms / 1000);
  return { unit: 'min', min: Math.floor(seconds / 60), s: seconds % 60 };
}

/**
 * Whether a finished run answered the mode asked for. The server runs in full when no earlier run
 * passed (nothing sound to stand on), so a requested incremental run may come back as a full one.
 */
export function ranAsRequested(requested: VerificationMode, run: Pick<VerificationRun, 'mode'>): boolean {
  return requested === run.mode;
}
