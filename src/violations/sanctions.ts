import type { GrantService, GrantView } from '../access/index.js';
import { AppError } from '../http/index.js';
import type { OrgModule } from '../org/index.js';
import type { SubjectKind } from './rules.js';
import type { ViolationSuspensionRow } from './tables.js';

/** What a case can act on: accounts, institutions and their API clients, grants. */
export interface SanctionDeps {
  org: Pick<OrgModule, 'users' | 'institutions' | 'apiClients'>;
  departments: Pick<OrgModule['departments'], 'get'>;
  grants: Pick<GrantService, 'list' | 'suspend' | 'resume' | 'revoke'>;
}

export interface Subject {
  kind: SubjectKind;
  id: string;
}

interface Act {
  caseId: string;
  /** Who acts (the information administrator), recorded on each grant's status change. */
  by: string;
  reason: string;
  now: string;
}

const PAGE = 500;

/** Every grant held by the subject in one of the statuses. */
async function grantsOf(deps: SanctionDeps, subject: Subject, statuses: readonly GrantView['status'][]): Promise<GrantView[]> {
  const found: GrantView[] = [];
  for (const status of statuses) {
    let after: string | undefined;
    for (;;) {
      const page = await deps.grants.list({ granteeKind: subject.kind, granteeId: subject.id, status }, PAGE, after);
      found.push(...page);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
  }
  return found;
}

const row = (act: Act, kind: ViolationSuspensionRow['target_kind'], id: string, previous: string): ViolationSuspensionRow => ({ case_id: act.caseId, target_kind: kind, target_id: id, previous_status: previous, suspended_at: act.now, restored_at: null });

/**
 * Suspension while a case is open takes effect at once: a user's account is suspended (which ends
 * their sessions on the very next request), an institution and its API clients are suspended, and
 * every active grant the subject holds is suspended. A department's members keep their accounts —
 * a clinical department cannot stop working — but its grants stop. Returns what was changed, with
 * what it was before, so lifting the suspension restores exactly that.
 */
export async function suspendSubject(deps: SanctionDeps, subject: Subject, act: Act): Promise<ViolationSuspensionRow[]> {
  const changed: ViolationSuspensionRow[] = [];
  if (subject.kind === 'user') {
    const previous = await deps.org.users.setStatusForCase(subject.id, 'suspended', act.reason);
    if (previous === 'active') changed.push(row(act, 'user', subject.id, previous));
  }
  if (subject.kind === 'institution') {
    const institution = await deps.org.institutions.require(subject.id);
    if (institution.status === 'active') {
      await deps.org.institutions.update(subject.id, { status: 'suspended' });
      changed.push(row(act, 'institution', subject.id, institution.status));
    }
    for (const client of await deps.org.apiClients.list(subject.id)) {
      if (client.status !== 'active') continue;
      await deps.org.apiClients.setStatus(subject.id, client.clientId, 'suspended');
      changed.push(row(act, 'api_client', `${subject.id}/${client.clientId}`, client.status));
    }
  }
  for (const grant of await grantsOf(deps, subject, ['active'])) {
    await deps.grants.suspend(grant.id, act.by, `violation case ${act.caseId}: ${act.reason}`);
    changed.push(row(act, 'grant', grant.id, 'active'));
  }
  return changed;
}

/** A state conflict means someone changed the target meanwhile (a grant revoked or expired): leave it as it is now. */
async function unlessChanged(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 409) throw error;
  }
}

/** Puts back what the suspension changed, where nobody has changed it since. */
export async function liftSuspension(deps: SanctionDeps, suspended: readonly ViolationSuspensionRow[], act: Act): Promise<void> {
  for (const target of suspended) {
    if (target.target_kind === 'user') {
      const user = await deps.org.users.view(target.target_id);
      if (user?.status === 'suspended') await deps.org.users.setStatusForCase(target.target_id, target.previous_status as 'active', act.reason);
    } else if (target.target_kind === 'institution') {
      const institution = await deps.org.institutions.require(target.target_id);
      if (institution.status === 'suspended') await deps.org.institutions.update(target.target_id, { status: target.previous_status as 'active' });
    } else if (target.target_kind === 'api_client') {
      const [institutionId, clientId] = target.target_id.split('/') as [string, string];
      const client = (await deps.org.apiClients.list(institutionId)).find((c) => c.clientId === clientId);
      if (client?.status === 'suspended') await deps.org.apiClients.setStatus(institutionId, clientId, target.previous_status as 'active');
    } else if (target.target_kind === 'grant') {
      await unlessChanged(() => deps.grants.resume(target.target_id, act.by, `violation case ${act.caseId}: ${act.reason}`));
    }
  }
}

/**
 * Termination (解除劳动合同 / 终止协议): the account is disabled, or the institution's agreement
 * terminated and its API clients revoked; every grant the subject holds is revoked. Final: nothing
 * of it is restored when the case closes.
 */
export async function terminateSubject(deps: SanctionDeps, subject: Subject, act: Act): Promise<void> {
  if (subject.kind === 'department') throw new Error('a department cannot be terminated');
  if (subject.kind === 'user') await deps.org.users.setStatusForCase(subject.id, 'disabled', act.reason);
  if (subject.kind === 'institution') {
    await deps.org.institutions.update(subject.id, { status: 'terminated' });
    for (const client of await deps.org.apiClients.list(subject.id)) {
      if (client.status !== 'revoked') await deps.org.apiClients.setStatus(subject.id, client.clientId, 'revoked');
    }
  }
  for (const grant of await grantsOf(deps, subject, ['active', 'suspended'])) {
    await unlessChanged(() => deps.grants.revoke(grant.id, act.by, `violation case ${act.caseId}: ${act.reason}`));
  }
}
