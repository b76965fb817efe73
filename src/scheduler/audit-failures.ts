import { systemActor, type AuditLog } from '../audit/index.js';
import type { JobFailure } from './scheduler.js';

/** A scheduler failure listener that records each failed run in the audit log, as the jobs' own changes are. */
export function auditJobFailures(auditLog: AuditLog): (failure: JobFailure) => Promise<void> {
  return async (failure) => {
    await auditLog.append({
      actor: systemActor('scheduler'),
      action: 'system',
      objectType: 'scheduled_job',
      objectId: failure.job,
      outcome: 'error',
      reason: failure.error,
      details: { owner: failure.owner, startedAt: failure.startedAt, manual: failure.manual },
    });
  };
}
