import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { UserPrincipal } from '../org/index.js';
import type { PolicyService } from '../policy/index.js';
import type { EmergencyAccessRow } from './tables.js';

export const REVIEW_STATUSES = ['pending', 'justified', 'unjustified'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface EmergencyAccessView {
  id: string;
  userId: string;
  username: string | null;
  patientId: string;
  reason: string;
  openedAt: string;
  expiresAt: string;
  closedAt: string | null;
  /** active while the window is open; ended once it expired or was closed. */
  state: 'active' | 'ended';
  reviewStatus: ReviewStatus;
  /** When the information administrator's review is due (a setting). */
  reviewDueAt: string;
  reviewOverdue: boolean;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

/**
 * Emergency access (紧急访问, break-glass): a time-boxed window for one clinician and one patient,
 * opened with a stated reason, every read in it flagged, and each window reviewed afterwards by the
 * information administrator. Unjustified windows feed violation handling.
 */
export class EmergencyAccessService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
  ) {}

  async open(principal: UserPrincipal, patientId: string, reason: string): Promise<EmergencyAccessView> {
    const settings = await this.policy.get('access.emergency');
    if (!principal.departmentId || !principal.roles.some((role) => role === 'staff' || role === 'dept_head')) throw new AppError(Errors.EMERGENCY_NOT_ALLOWED);
    const trimmed = reason.trim();
    if ([...trimmed].length < settings.minReasonLength) throw new AppError(Errors.EMERGENCY_REASON_TOO_SHORT, { min: settings.minReasonLength });
    const patient = await this.db.selectFrom('records').select('id').where('resource_type', '=', 'Patient').where('id', '=', patientId).executeTakeFirst();
    if (!patient) throw new AppError(Errors.PATIENT_NOT_FOUND);
    const now = this.clock();
    const row: EmergencyAccessRow = {
      id: newId(),
      user_id: principal.userId,
      patient_id: patientId,
      reason: trimmed,
      opened_at: now.toISOString(),
      expires_at: new Date(now.getTime() + settings.windowMinutes * 60_000).toISOString(),
      closed_at: null,
      review_status: 'pending',
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
    };
    await this.db.insertInto('emergency_accesses').values(row).execute();
    return this.view(row, principal.username, settings.reviewDeadlineHours);
  }

  /** The clinician ends the window early once the emergency is over. */
  async close(principal: UserPrincipal, id: string): Promise<EmergencyAccessView> {
    const row = await this.find(id);
    if (row.user_id !== principal.userId) throw new AppError(Errors.EMERGENCY_NOT_FOUND);
    const now = this.clock().toISOString();
    if (!row.closed_at && row.expires_at > now) await this.db.updateTable('emergency_accesses').set({ closed_at: now }).where('id', '=', id).where('closed_at', 'is', null).execute();
    return this.get(id);
  }

  async review(reviewer: UserPrincipal, id: string, justified: boolean, note: string): Promise<EmergencyAccessView> {
    await this.find(id);
    const result = await this.db
      .updateTable('emergency_accesses')
      .set({ review_status: justified ? 'justified' : 'unjustified', reviewed_by: reviewer.userId, reviewed_at: this.clock().toISOString(), review_note: note })
      .where('id', '=', id)
      .where('review_status', '=', 'pending')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError(Errors.EMERGENCY_ALREADY_REVIEWED);
    return this.get(id);
  }

  async get(id: string): Promise<EmergencyAccessView> {
    const row = await this.find(id);
    return this.view(row, await this.usernameOf(row.user_id), (await this.policy.get('access.emergency')).reviewDeadlineHours);
  }

  async list(filter: { userId?: string; reviewStatus?: string; active?: boolean }, limit: number): Promise<EmergencyAccessView[]> {
    let query = this.db.selectFrom('emergency_accesses').leftJoin('users', 'users.id', 'emergency_accesses.user_id').selectAll('emergency_accesses').select('users.username');
    if (filter.userId) query = query.where('emergency_accesses.user_id', '=', filter.userId);
    if (filter.reviewStatus) query = query.where('emergency_accesses.review_status', '=', filter.reviewStatus);
    if (filter.active) query = query.where('emergency_accesses.expires_at', '>', this.clock().toISOString()).where('emergency_accesses.closed_at', 'is', null);
    const rows = await query.orderBy('emergency_accesses.opened_at', 'desc').limit(limit).execute();
    const deadline = (await this.policy.get('access.emergency')).reviewDeadlineHours;
    return rows.map((row) => this.view(row, row.username, deadline));
  }

  private async find(id: string): Promise<EmergencyAccessRow> {
    const row = await this.db.selectFrom('emergency_accesses').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(Errors.EMERGENCY_NOT_FOUND);
    return row;
  }

  private async usernameOf(userId: string): Promise<string | null> {
    return (await this.db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst())?.username ?? null;
  }

  private view(row: EmergencyAccessRow, username: string | null, reviewDeadlineHours: number): EmergencyAccessView {
    const now = this.clock();
    const reviewDueAt = new Date(Date.parse(row.opened_at) + reviewDeadlineHours * 3_600_000).toISOString();
    return {
      id: row.id,
      userId: row.user_id,
      username,
      patientId: row.patient_id,
      reason: row.reason,
      openedAt: row.opened_at,
      expiresAt: row.expires_at,
      closedAt: row.closed_at,
      state: !row.closed_at && Date.parse(row.expires_at) > now.getTime() ? 'active' : 'ended',
      reviewStatus: row.review_status as ReviewStatus,
      reviewDueAt,
      reviewOverdue: row.review_status === 'pending' && Date.parse(reviewDueAt) < now.getTime(),
      reviewedBy: row.reviewed_by,
      reviewedAt: row.reviewed_at,
      reviewNote: row.review_note,
    };
  }
}
