import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { newId } from '../lib/ids.js';
import type { UserPrincipal } from '../org/index.js';
import { ATTACHMENT_MAX_BYTES, type AttachmentMediaType } from './attachment.js';
import { canHandle, canOversee, capacitiesOf } from './audience.js';
import type { SuggestionCategory, SuggestionKind } from './categories.js';
import { actionNotice, submittedNotice, type PlannedNotice, type SuggestionNotifier } from './notices.js';
import { presentEvent, presentSuggestion, presentVocabulary, type SealedContent, type SuggestionDetail, type SuggestionView } from './presenters.js';
import { openBytes, openJson, sealBytes, sealJson, SUBMITTER_INDEX_KIND } from './sealing.js';
import { activeHandlers, attachmentOf, departmentNames, displayNames, eventsOf, findSuggestion, insertSuggestion, listSuggestions, recordEvent } from './store.js';
import { checkSubmission, checkText, REPLY_MAX, REPLY_MIN, type Submission, type SubmissionInput } from './submission.js';
import type { SuggestionRow } from './tables.js';
import { ACTION_LABELS, actingCapacity, applyAction, DEFAULT_REOPEN_DAYS, reopenDeadline, STATUS_LABELS, withinReopenWindow, type Capacity, type Course, type SuggestionAction, type SuggestionStatus } from './workflow.js';

export interface SuggestionQuery {
  scope?: 'mine' | 'all';
  status?: SuggestionStatus;
  category?: SuggestionCategory;
  kind?: SuggestionKind;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface StatusChange {
  status: 'in_progress' | 'closed';
  note?: string;
}

export interface SuggestionPage {
  items: SuggestionView[];
  total: number;
  nextCursor: string | null;
}

/** A suggestion as one caller may see it: the 404 for everyone else has already been decided. */
export interface Subject {
  row: SuggestionRow;
  anonymous: boolean;
  isSubmitter: boolean;
  capacities: Capacity[];
}

export interface SuggestionServiceOptions {
  /** Days after the latest answer during which the submitter may reopen. */
  reopenDays?: number;
  notify?: SuggestionNotifier | null;
}

const HANDLER_ACTIONS: readonly SuggestionAction[] = ['start', 'interim', 'answer'];

/**
 * The suggestion channel (反馈渠道, policy Ch.7 (2)): anyone submits a suggestion or complaint,
 * the information department answers and tracks it, the submitter may reopen an answer they are
 * unhappy with. Anonymous submitters are known to the platform (sealed) but never to handlers.
 */
export class SuggestionService {
  private readonly reopenDays: number;
  private readonly notify: SuggestionNotifier | null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
    options: SuggestionServiceOptions = {},
  ) {
    this.reopenDays = options.reopenDays ?? DEFAULT_REOPEN_DAYS;
    this.notify = options.notify ?? null;
  }

  vocabulary(): ReturnType<typeof presentVocabulary> {
    return presentVocabulary(this.reopenDays);
  }

  async submit(principal: UserPrincipal, input: SubmissionInput): Promise<SuggestionDetail> {
    const checked = checkSubmission(input);
    if (!checked.ok && checked.attachmentTooLarge) throw new AppError(Errors.SUGGESTION_ATTACHMENT_TOO_LARGE, { max: `${ATTACHMENT_MAX_BYTES / 1024 / 1024} MiB` });
    if (!checked.ok) throw new AppError(Errors.VALIDATION_FAILED, {}, checked.problems);
    const { submission } = checked;
    // Everything is sealed before the transaction: the keyring may have to create its data key first.
    const row = await this.newRow(principal, submission);
    const file = submission.attachment;
    const attachment = file ? { suggestion_id: row.id, content: await sealBytes(this.keyring, row.id, file.content) } : null;
    await insertSuggestion(this.db, row, attachment);
    await this.send(row, submittedNotice(submission));
    return this.detail(principal, { row, anonymous: submission.anonymous, isSubmitter: true, capacities: ['submitter'] });
  }

  /** An anonymous submitter is kept only as a blind index (to find their own) and sealed (for abuse handling). */
  private async newRow(principal: UserPrincipal, submission: Submission): Promise<SuggestionRow> {
    const id = newId();
    const now = this.clock().toISOString();
    const { anonymous, attachment: file } = submission;
    return {
      id,
      kind: submission.kind,
      category: submission.category,
      status: 'open',
      anonymous: anonymous ? 1 : 0,
      submitter_id: anonymous ? null : principal.userId,
      submitter_department_id: anonymous ? null : principal.departmentId,
      submitter_key: anonymous ? await this.keyring.blindIndex(SUBMITTER_INDEX_KIND, principal.userId) : null,
      submitter_sealed: anonymous ? await sealJson(this.keyring, 'submitter', id, { userId: principal.userId, username: principal.username }) : null,
      content: await sealJson(this.keyring, 'content', id, { text: submission.text, attachmentName: file?.name ?? null } satisfies SealedContent),
      attachment_media_type: file?.mediaType ?? null,
      attachment_bytes: file?.content.length ?? null,
      version: 0,
      submitted_at: now,
      updated_at: now,
      first_answered_at: null,
      last_answered_at: null,
      last_reopened_at: null,
      reopen_count: 0,
      closed_at: null,
    };
  }

  /** Mine (anyone), or all (information administrators and auditors), newest first. */
  async list(principal: UserPrincipal, query: SuggestionQuery): Promise<SuggestionPage> {
    const scope = query.scope ?? 'mine';
    if (scope === 'all' && !canOversee(principal.roles)) throw new AppError(Errors.FORBIDDEN);
    const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
    if (after === null) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'querystring/cursor', message: 'unknown cursor' }]);
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'querystring/from', message: 'must be before to' }]);
    const limit = query.limit ?? 50;
    const keys = await this.submitterKeys(principal.userId);
    const iso = (value: string | undefined) => (value ? new Date(value).toISOString() : undefined);
    const { rows, total } = await listSuggestions(
      this.db,
      { mine: scope === 'mine' ? { userId: principal.userId, keys } : undefined, status: query.status, category: query.category, kind: query.kind, from: iso(query.from), to: iso(query.to) },
      { limit: limit + 1, after: after ? { submittedAt: after[0]!, id: after[1]! } : undefined },
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: await this.present(page, principal.userId, keys), total, nextCursor: rows.length > limit && last ? encodeCursor([last.submitted_at, last.id]) : null };
  }

  /** The suggestion if the caller may see it — their own, or any for overseers — else 404. */
  async subject(principal: UserPrincipal, id: string): Promise<Subject> {
    const row = await findSuggestion(this.db, id);
    if (!row) throw new AppError(Errors.SUGGESTION_NOT_FOUND);
    const isSubmitter = isSubmitterOf(row, principal.userId, await this.submitterKeys(principal.userId));
    if (!isSubmitter && !canOversee(principal.roles)) throw new AppError(Errors.SUGGESTION_NOT_FOUND);
    return { row, anonymous: row.anonymous === 1, isSubmitter, capacities: capacitiesOf(principal.roles, isSubmitter) };
  }

  async detail(principal: UserPrincipal, subject: Subject): Promise<SuggestionDetail> {
    const { row } = subject;
    const events = await eventsOf(this.db, row.id);
    const texts = await Promise.all(events.map((event) => (event.text === null ? null : openJson<string>(this.keyring, 'event', row.id, event.text, event.version))));
    const [[view], names] = await Promise.all([this.present([row], principal.userId, subject.isSubmitter ? null : []), displayNames(this.db, events.flatMap((event) => (event.handler_id ? [event.handler_id] : [])))]);
    return { ...view!, events: events.map((event, i) => presentEvent(event, texts[i]!, names)) };
  }

  async attachment(subject: Subject): Promise<{ name: string; mediaType: AttachmentMediaType; content: Buffer }> {
    const { row } = subject;
    const stored = await attachmentOf(this.db, row.id);
    if (!stored || !row.attachment_media_type) throw new AppError(Errors.SUGGESTION_ATTACHMENT_NOT_FOUND);
    const content = await openJson<SealedContent>(this.keyring, 'content', row.id, row.content);
    return { name: content.attachmentName ?? 'attachment', mediaType: row.attachment_media_type as AttachmentMediaType, content: await openBytes(this.keyring, row.id, stored.content) };
  }

  /** 答复: an answer, or an interim reply while the matter is looked into. */
  async respond(principal: UserPrincipal, subject: Subject, input: { text: string; interim?: boolean }): Promise<SuggestionDetail> {
    return this.act(principal, subject, input.interim ? 'interim' : 'answer', { text: input.text, path: 'body/text' });
  }

  /** Handlers take a suggestion on or close it once answered; the submitter may close it when satisfied. */
  async changeStatus(principal: UserPrincipal, subject: Subject, input: StatusChange): Promise<SuggestionDetail> {
    const note = input.note?.trim() ? { text: input.note, path: 'body/note' } : null;
    return this.act(principal, subject, input.status === 'in_progress' ? 'start' : 'close', note);
  }

  /** The submitter contests the answer, within the window after it. */
  async reopen(principal: UserPrincipal, subject: Subject, input: { reason: string }): Promise<SuggestionDetail> {
    return this.act(principal, subject, 'reopen', { text: input.reason, path: 'body/reason' });
  }

  private reply(text: string, path: string): string {
    const checked = checkText(text, path, REPLY_MIN, REPLY_MAX);
    if ('path' in checked) throw new AppError(Errors.VALIDATION_FAILED, {}, [checked]);
    return checked.text;
  }

  /** Who may, then whether the status allows it, then what was written: a refusal says the most basic reason. */
  private async act(principal: UserPrincipal, subject: Subject, action: SuggestionAction, words: { text: string; path: string } | null): Promise<SuggestionDetail> {
    const { row } = subject;
    const by = actingCapacity(action, subject.capacities);
    if (!by) throw new AppError(subject.isSubmitter && canHandle(principal.roles) && HANDLER_ACTIONS.includes(action) ? Errors.SUGGESTION_OWN : Errors.FORBIDDEN);
    const now = this.clock();
    const at = now.toISOString();
    const course = applyAction(courseOf(row), action, at);
    const status = row.status as SuggestionStatus;
    if (!course) throw new AppError(Errors.SUGGESTION_STATE, { status: STATUS_LABELS[status] ?? status, action: ACTION_LABELS[action] });
    if (action === 'reopen' && !withinReopenWindow(row.last_answered_at, now, this.reopenDays)) {
      throw new AppError(Errors.SUGGESTION_REOPEN_EXPIRED, { days: this.reopenDays, until: reopenDeadline(row.last_answered_at, this.reopenDays) ?? '-' });
    }
    const text = words && this.reply(words.text, words.path);
    const version = row.version + 1;
    const event = { suggestion_id: row.id, version, action, from_status: status, to_status: course.status, actor: by, handler_id: by === 'handler' ? principal.userId : null, text: text === null ? null : await sealJson(this.keyring, 'event', row.id, text, version), at };
    const changes = { status: course.status, updated_at: at, first_answered_at: course.firstAnsweredAt, last_answered_at: course.lastAnsweredAt, last_reopened_at: course.lastReopenedAt, reopen_count: course.reopenCount, closed_at: course.closedAt };
    if (!(await recordEvent(this.db, changes, event))) throw new AppError(Errors.SUGGESTION_CHANGED);
    await this.send(row, actionNotice({ kind: row.kind as SuggestionKind, category: row.category as SuggestionCategory, anonymous: subject.anonymous }, action, by));
    return this.detail(principal, { ...subject, row: { ...row, ...changes, version } });
  }

  /** Notices go out after the change committed; a failing notifier never undoes or blocks it. */
  private async send(row: SuggestionRow, planned: PlannedNotice | null): Promise<void> {
    if (!planned || !this.notify) return;
    try {
      const toSubmitter = planned.audience === 'submitter';
      const userIds = toSubmitter ? [await this.submitterOf(row)] : await activeHandlers(this.db);
      const hideLink = toSubmitter && row.anonymous === 1;
      await this.notify({ userIds, kind: planned.kind, suggestionId: hideLink ? null : row.id, title: planned.title });
    } catch {
      // Best effort, like the inbox's outbound channel: the suggestion's own status is the record.
    }
  }

  private async submitterOf(row: SuggestionRow): Promise<string> {
    if (row.submitter_id) return row.submitter_id;
    return (await openJson<{ userId: string }>(this.keyring, 'submitter', row.id, row.submitter_sealed!)).userId;
  }

  /** The caller's blind indexes under every key, so suggestions filed before a key rotation are still theirs. */
  private submitterKeys(userId: string): Promise<string[]> {
    return this.keyring.blindIndexCandidates(SUBMITTER_INDEX_KIND, userId);
  }

  /** Views of rows for one caller; `keys` null means every row is the caller's own. */
  private async present(rows: readonly SuggestionRow[], userId: string, keys: readonly string[] | null): Promise<SuggestionView[]> {
    const contents = await Promise.all(rows.map((row) => openJson<SealedContent>(this.keyring, 'content', row.id, row.content)));
    const named = rows.flatMap((row) => (row.submitter_id ? [row.submitter_id] : []));
    const [names, departments] = await Promise.all([displayNames(this.db, named), departmentNames(this.db, rows.flatMap((row) => (row.submitter_department_id ? [row.submitter_department_id] : [])))]);
    return rows.map((row, i) => presentSuggestion(row, contents[i]!, { mine: keys === null || isSubmitterOf(row, userId, keys), names, departments, reopenDays: this.reopenDays }));
  }
}

function isSubmitterOf(row: SuggestionRow, userId: string, keys: readonly string[]): boolean {
  return row.submitter_id === userId || (row.submitter_key !== null && keys.includes(row.submitter_key));
}

function courseOf(row: SuggestionRow): Course {
  return { status: row.status as SuggestionStatus, firstAnsweredAt: row.first_answered_at, lastAnsweredAt: row.last_answered_at, lastReopenedAt: row.last_reopened_at, reopenCount: row.reopen_count, closedAt: row.closed_at };
}
