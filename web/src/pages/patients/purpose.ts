import { useCallback, useSyncExternalStore } from 'react';
import type { PurposeOption } from '../../api/types';

/** Every read of patient data states a purpose of use (X-Purpose-Of-Use); clinicians mostly read for treatment. */
export const DEFAULT_PURPOSE = 'treatment';
export const PURPOSE_STORAGE_KEY = 'yixiang.purpose';

/**
 * The purpose to send: the one chosen earlier in this session if the settings still list it, else
 * treatment, else the first listed purpose (settings may drop a code; an unknown one is a 400).
 */
export function pickPurpose(chosen: string | null | undefined, options: readonly PurposeOption[]): string {
  if (options.length === 0) return chosen || DEFAULT_PURPOSE;
  if (chosen && options.some((o) => o.code === chosen)) return chosen;
  if (options.some((o) => o.code === DEFAULT_PURPOSE)) return DEFAULT_PURPOSE;
  return options[0]!.code;
}

// The choice lasts for the browser session (sessionStorage) and is shared by every page that reads patient data.
const listeners = new Set<() => void>();
let memory: string | null = null;

function read(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(PURPOSE_STORAGE_KEY) ?? memory;
  } catch {
    return memory;
  }
}

function write(value: string | null): void {
  memory = value;
  try {
    if (value === null) globalThis.sessionStorage?.removeItem(PURPOSE_STORAGE_KEY);
    else globalThis.sessionStorage?.setItem(PURPOSE_STORAGE_KEY, value);
  } catch {
    // Storage disabled by browser policy: the choice still holds in memory for this page view.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forgets the choice, so the next user signing in on this tab starts from treatment again. */
export function clearPurpose(): void {
  write(null);
}

/** The purpose chosen in this session (validated against `options`) and a setter. */
export function usePurpose(options: readonly PurposeOption[]): [string, (code: string) => void] {
  const chosen = useSyncExternalStore(subscribe, read, () => null);
  const set = useCallback((code: string) => write(code), []);
  return [pickPurpose(chosen, options), set];
}
