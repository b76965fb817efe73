import type { Kysely } from 'kysely';
import type { GrantService } from '../access/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import type { UserPrincipal } from '../org/index.js';
import type { PolicyService } from '../policy/index.js';
import { feedbackDueAt, feedbackState, type FeedbackState } from './feedback.js';
import { firstDownloadsOf } from './package-delivery.js';

export interface FeedbackInput {
  usedFor: string;
  recordsUsed: number;
  outcome: string;
  copiesDestroyed: boolean;
  incident?: string;
}

export interface FeedbackItem {
  grantId: string;
  requestId: string;
  requesterId: string;
  title: string;
  dueAt: string;
  state: FeedbackState;
  submittedAt: string | null;
}

/**
 * Usage feedback (使用反馈, policy 5.3 step 4): the requester reports how the shared data was used.
 * Overdue feedback blocks the requester's new requests and is listed for the information
 * administrator; the last feedback of a request closes it and ends any grant still open.
 */
export class FeedbackService {
  private readonly closeListeners: ((requestId: string) => Promise<void>)[] = [];

  /** Learns of shares closed by their last feedback (the inbox tells the requester). */
  onClose(listener: (requestId: string) => Promise<void>): void {
    this.closeListeners.push(listener);
  }

  constructor(
    private readonly db: Kysely<Database>,
    private readonly grants: GrantService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
  ) {}

  /** Feedback items of share requests (one per grant), for one requester or everyone. */
  async items(filter: { requesterId?: string; state?: FeedbackState }): Promise<FeedbackItem[]> {
    const { feedbackDueDays } = await this.policy.get('sharing.review');
    let query = this.db
      .selectFrom('share_request_grants as link')
      .innerJoin('share_requests as request', 'request.id', 'link.request_id')
      .innerJoin('grants as grant', 'grant.id', 'link.grant_id')
      .leftJoin('usage_feedback as feedback', 'feedback.grant_id', 'link.grant_id')
      .select(['link.grant_id', 'link.request_id', 'request.requester_id', 'request.title', 'grant.status', 'grant.valid_to', 'grant.status_changed_at', 'feedback.submitted_at']);
    if (filter.requesterId) query = query.where('request.requester_id', '=', filter.requesterId);
    const now = this.clock();
    const rows = await query.orderBy('grant.valid_to').execute();
    const downloads = await firstDownloadsOf(this.db, rows.map((row) => row.grant_id));
    const items = rows.map((row) => {
      const end = { status: row.status, validTo: row.valid_to, statusChangedAt: row.status_changed_at, firstDownloadAt: downloads.get(row.grant_id) ?? null };
      return { grantId: row.grant_id, requestId: row.request_id, requesterId: row.requester_id, title: row.title, dueAt: feedbackDueAt(end, feedbackDueDays), state: feedbackState(end, feedbackDueDays, row.submitted_at ?? null, now), submittedAt: row.submitted_at ?? null };
    });
    return filter.state ? items.filter((item) => item.state === filter.state) : items;
  }

  async overdueFor(requesterId: string): Promise<string[]> {
    return (await this.items({ requesterId, state: 'overdue' })).map((item) => item.grantId);
  }

  async submit(principal: UserPrincipal, grantId: string, input: FeedbackInput): Promise<FeedbackItem> {
    const link = await this.db.selectFrom('share_request_grants as link').innerJoin('share_requests as request', 'request.id', 'link.request_id').select(['link.request_id', 'request.requester_id', 'request.state']).where('link.grant_id', '=', grantId).executeTakeFirst();
    // Only the requester reports; anyone else sees no such grant here.
    if (!link || link.requester_id !== principal.userId) throw new AppError(Errors.GRANT_NOT_FOUND);
    if (link.state !== 'granted') throw new AppError(Errors.SHARE_REQUEST_STATE, { state: link.state, action: 'reported on' });
    const already = await this.db.selectFrom('usage_feedback').select('grant_id').where('grant_id', '=', grantId).executeTakeFirst();
    if (already) throw new AppError(Errors.FEEDBACK_ALREADY_SUBMITTED);
    const now = this.clock().toISOString();
    await this.db
      .insertInto('usage_feedback')
      .values({ grant_id: grantId, request_id: link.request_id, submitted_by: principal.userId, submitted_at: now, used_for: input.usedFor, records_used: input.recordsUsed, outcome: input.outcome, copies_destroyed: input.copiesDestroyed ? 1 : 0, incident: input.incident ?? null })
      .execute();
    await this.closeIfComplete(link.request_id, principal.userId);
    const item = (await this.items({ requesterId: principal.userId })).find((i) => i.grantId === grantId);
    return item!;
  }

  /** The share is over once every grant is reported on: open grants end, the request closes. */
  private async closeIfComplete(requestId: string, by: string): Promise<void> {
    const links = await this.db.selectFrom('share_request_grants as link').leftJoin('usage_feedback as feedback', 'feedback.grant_id', 'link.grant_id').select(['link.grant_id', 'feedback.submitted_at']).where('link.request_id', '=', requestId).execute();
    if (links.some((link) => !link.submitted_at)) return;
    for (const link of links) {
      const grant = await this.grants.get(link.grant_id);
      if (grant.status === 'active' || grant.status === 'suspended') await this.grants.revoke(link.grant_id, by, 'usage feedback submitted; share closed', { notify: false });
    }
    const now = this.clock().toISOString();
    const closed = await this.db.updateTable('share_requests').set({ state: 'closed', closed_at: now, updated_at: now }).where('id', '=', requestId).where('state', '=', 'granted').executeTakeFirst();
    if (Number(closed.numUpdatedRows) === 1) for (const listener of this.closeListeners) await listener(requestId).catch(() => undefined);
  }
}
