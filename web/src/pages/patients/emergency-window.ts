/** Milliseconds left until `expiresAt` at `now` (epoch ms); 0 once it has passed or cannot be read. */
export function remainingMs(expiresAt: string, now: number): number {
  const end = Date.parse(expiresAt);
  if (Number.isNaN(end)) return 0;
  return Math.max(0, end - now);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The time left on a countdown: `mm:ss`, or `h:mm:ss` from one hour up (an emergency window lasts
 * hours by default). Rounded up to the second, so it shows 00:00 only when the time is really over.
 */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** The length the server checks a reason against: characters (not UTF-16 units) of the trimmed text. */
export function reasonLength(reason: string): number {
  return [...reason.trim()].length;
}

/** The caller's window for this patient that is still open at `now`, the one ending last if several are. */
export function activeWindowFor<W extends { patientId: string; expiresAt: string; closedAt: string | null }>(windows: readonly W[], patientId: string, now: number): W | undefined {
  return windows
    .filter((w) => w.patientId === patientId && !w.closedAt && remainingMs(w.expiresAt, now) > 0)
    .sort((a, b) => Date.parse(b.expiresAt) - Date.parse(a.expiresAt))[0];
}
