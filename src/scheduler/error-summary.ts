/** Longest error text kept in a job's row and its audit entry. */
export const ERROR_SUMMARY_LIMIT = 500;

/**
 * One line describing why a run failed, cut to `limit` characters: it is shown to administrators
 * and auditors and kept in the audit log, which holds small details, never stack traces.
 */
export function errorSummary(error: unknown, limit = ERROR_SUMMARY_LIMIT): string {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : safeJson(error);
  const line = raw.replace(/\s+/g, ' ').trim() || 'unknown error';
  return line.length <= limit ? line : `${line.slice(0, limit - 1)}…`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
