import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import type { FeedbackService } from './feedback-service.js';
import type { Inbox, Notice } from './inbox.js';
import type { ReviewStep } from './workflow.js';

/**
 * Reminders (issue: overdue review items are reminded; feedback is reminded before and after its
 * due date). Run on a timer; each reminder is sent once per request step or per feedback state, so
 * the timer can run as often as it likes.
 */
export class Reminders {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly inbox: Inbox,
    private readonly feedback: FeedbackService,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<number> {
    return (await this.overdueReviews()) + (await this.feedbackReminders());
  }

  private async overdueReviews(): Promise<number> {
    const now = this.clock().toISOString();
    const rows = await this.db.selectFrom('share_requests').select(['id', 'title', 'steps', 'current_step']).where('state', '=', 'in_review').where('step_due_at', '<', now).execute();
    let sent = 0;
    for (const row of rows) {
      const step = (JSON.parse(row.steps) as ReviewStep[])[row.current_step];
      if (!step) continue;
      // A fast-track (referral) step says so: its target is minutes, and a patient is waiting on it.
      const title =
        step.dueWithinMinutes !== undefined
          ? { zh: `转诊快速审核已超时(第 ${row.current_step + 1} 步,目标 ${step.dueWithinMinutes} 分钟):${row.title}`, en: `Fast-track referral review overdue (step ${row.current_step + 1}, target ${step.dueWithinMinutes} min): ${row.title}` }
          : { zh: `审核已超时(第 ${row.current_step + 1} 步):${row.title}`, en: `Review overdue (step ${row.current_step + 1}): ${row.title}` };
      const notice: Notice = { kind: 'review-overdue', subjectType: 'share_request', subjectId: row.id, title };
      if (await this.sentBefore(notice)) continue;
      await this.inbox.notify(await this.inbox.reviewersOf(step), notice);
      sent += 1;
    }
    return sent;
  }

  private async feedbackReminders(): Promise<number> {
    let sent = 0;
    for (const item of await this.feedback.items({})) {
      if (item.state !== 'due' && item.state !== 'overdue') continue;
      const overdue = item.state === 'overdue';
      const notice: Notice = {
        kind: overdue ? 'feedback-overdue' : 'feedback-due',
        subjectType: 'grant',
        subjectId: item.grantId,
        title: overdue ? { zh: `使用反馈已逾期(${item.dueAt.slice(0, 10)}):${item.title}`, en: `Usage feedback overdue (${item.dueAt.slice(0, 10)}): ${item.title}` } : { zh: `请提交使用反馈(截止 ${item.dueAt.slice(0, 10)}):${item.title}`, en: `Usage feedback due by ${item.dueAt.slice(0, 10)}: ${item.title}` },
      };
      if (await this.sentBefore(notice)) continue;
      await this.inbox.notify([item.requesterId], notice);
      sent += 1;
    }
    return sent;
  }

  private async sentBefore(notice: Notice): Promise<boolean> {
    const row = await this.db.selectFrom('notifications').select('id').where('kind', '=', notice.kind).where('subject_id', '=', notice.subjectId).where('title_en', '=', notice.title.en).limit(1).executeTakeFirst();
    return row !== undefined;
  }
}
