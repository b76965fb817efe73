import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { ReviewStep } from './workflow.js';

export const NOTIFICATION_KINDS = [
  'review-item',
  'review-overdue',
  'returned',
  'approved',
  'rejected',
  'revoked',
  'share-closed',
  'feedback-due',
  'feedback-overdue',
  'suggestion-new',
  'suggestion-reopened',
  'suggestion-progress',
  'suggestion-answered',
  'suggestion-closed',
  'violation-opened',
  'violation-suspended',
  'violation-decided',
  'violation-closed',
  'referral-received',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notice {
  kind: NotificationKind;
  subjectType: 'share_request' | 'grant' | 'suggestion' | 'violation_case' | 'inbound_referral';
  /** Empty when the notice must not link to its subject (the submitter of an anonymous suggestion). */
  subjectId: string;
  title: { zh: string; en: string };
}

/** Where notices also go beyond the in-app inbox (a webhook or e-mail adapter); failures never block the workflow. */
export type OutboundNotifier = (userIds: readonly string[], notice: Notice) => Promise<void>;

export interface InboxItem {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  title: { zh: string; en: string };
  createdAt: string;
  readAt: string | null;
}

/**
 * The in-app inbox: new review items, returned or decided requests, revocations, feedback due.
 * Written after the change it reports has committed, so a notice never announces something that
 * was rolled back.
 */
export class Inbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly outbound: OutboundNotifier | null = null,
  ) {}

  /**
   * `outbound: false` keeps a notice in the platform: telling an outside gateway who received a
   * notice about an anonymous suggestion would tell it who wrote the suggestion.
   */
  async notify(userIds: readonly string[], notice: Notice, options: { outbound?: boolean } = {}): Promise<void> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return;
    const now = this.clock().toISOString();
    await this.db
      .insertInto('notifications')
      .values(unique.map((user_id) => ({ id: newId(), user_id, kind: notice.kind, subject_type: notice.subjectType, subject_id: notice.subjectId, title_zh: notice.title.zh, title_en: notice.title.en, created_at: now, read_at: null })))
      .execute();
    if (options.outbound !== false) await this.outbound?.(unique, notice).catch(() => undefined);
  }

  /** Everyone who may decide this step: holders of the role (in the owning department for heads), active. */
  async reviewersOf(step: ReviewStep): Promise<string[]> {
    let query = this.db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('user_roles.role', '=', step.role).where('users.status', '=', 'active');
    if (step.role === 'dept_head' && step.departmentCode) {
      const code = step.departmentCode;
      query = query.where('users.department_id', 'in', (eb) => eb.selectFrom('departments').select('departments.id').where('departments.code', '=', code));
    }
    return (await query.execute()).map((row) => row.id);
  }

  /** Tells the requester of the share request behind a grant that it was revoked. */
  async grantRevoked(grantId: string, reason: string): Promise<void> {
    const request = await this.db.selectFrom('share_request_grants as link').innerJoin('share_requests as request', 'request.id', 'link.request_id').select(['request.requester_id', 'request.title']).where('link.grant_id', '=', grantId).executeTakeFirst();
    if (!request) return;
    await this.notify([request.requester_id], { kind: 'revoked', subjectType: 'grant', subjectId: grantId, title: { zh: `授权已撤销(${reason}):${request.title}`, en: `Grant revoked (${reason}): ${request.title}` } });
  }

  /** Tells the requester that the share is closed: every grant reported on, the grants ended. */
  async shareClosed(requestId: string): Promise<void> {
    const request = await this.db.selectFrom('share_requests').select(['requester_id', 'title']).where('id', '=', requestId).executeTakeFirst();
    if (!request) return;
    await this.notify([request.requester_id], { kind: 'share-closed', subjectType: 'share_request', subjectId: requestId, title: { zh: `共享已结束(使用反馈已全部提交):${request.title}`, en: `Share closed (all usage feedback submitted): ${request.title}` } });
  }

  async list(userId: string, unreadOnly: boolean, limit: number): Promise<{ items: InboxItem[]; unread: number }> {
    let query = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
    if (unreadOnly) query = query.where('read_at', 'is', null);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
    const unread = await this.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
    return {
      items: rows.map((row) => ({ id: row.id, kind: row.kind, subjectType: row.subject_type, subjectId: row.subject_id, title: { zh: row.title_zh, en: row.title_en }, createdAt: row.created_at, readAt: row.read_at })),
      unread: Number(unread.n),
    };
  }

  /** Marks the user's own notices read; someone else's ids are silently not theirs to mark. */
  async markRead(userId: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db.updateTable('notifications').set({ read_at: this.clock().toISOString() }).where('user_id', '=', userId).where('id', 'in', [...ids]).where('read_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
