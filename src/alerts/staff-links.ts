import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import type { UserPrincipal } from '../org/index.js';
import type { StaffPatientLinkRow } from './tables.js';

export interface StaffLinkView {
  patientId: string;
  userId: string;
  username: string | null;
  linkedBy: string;
  linkedAt: string;
}

/**
 * Which patient records are staff members' own (职工本人病历). Nothing in the records says so, so the
 * information administrator keeps the links; the anomaly rule on colleagues' records reads them.
 */
export class StaffLinks {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async list(filter: { userId?: string; patientId?: string }, limit: number): Promise<StaffLinkView[]> {
    let query = this.db.selectFrom('staff_patient_links as l').leftJoin('users as u', 'u.id', 'l.user_id').selectAll('l').select('u.username');
    if (filter.userId) query = query.where('l.user_id', '=', filter.userId);
    if (filter.patientId) query = query.where('l.patient_id', '=', filter.patientId);
    const rows = await query.orderBy('l.linked_at', 'desc').orderBy('l.patient_id').limit(limit).execute();
    return rows.map((row) => view(row, row.username));
  }

  /** Links (or re-links) a patient to a staff account; both must exist. */
  async link(by: UserPrincipal, patientId: string, userId: string): Promise<StaffLinkView> {
    const [user, patient] = await Promise.all([
      this.db.selectFrom('users').select(['id', 'username']).where('id', '=', userId).executeTakeFirst(),
      this.db.selectFrom('records').select('id').where('resource_type', '=', 'Patient').where('id', '=', patientId).executeTakeFirst(),
    ]);
    if (!user) throw new AppError(Errors.STAFF_LINK_INVALID, { reason: { en: `no account ${userId}`, zh: `账号 ${userId} 不存在` } });
    if (!patient) throw new AppError(Errors.STAFF_LINK_INVALID, { reason: { en: `no patient ${patientId}`, zh: `患者 ${patientId} 不存在` } });
    const row: StaffPatientLinkRow = { patient_id: patientId, user_id: userId, linked_by: by.userId, linked_at: this.clock().toISOString() };
    await this.db
      .insertInto('staff_patient_links')
      .values(row)
      .onConflict((oc) => oc.column('patient_id').doUpdateSet({ user_id: row.user_id, linked_by: row.linked_by, linked_at: row.linked_at }))
      .execute();
    return view(row, user.username);
  }

  async unlink(patientId: string): Promise<StaffLinkView> {
    const row = await this.db.selectFrom('staff_patient_links').selectAll().where('patient_id', '=', patientId).executeTakeFirst();
    if (!row) throw new AppError(Errors.STAFF_LINK_NOT_FOUND);
    await this.db.deleteFrom('staff_patient_links').where('patient_id', '=', patientId).execute();
    return view(row, null);
  }
}

function view(row: StaffPatientLinkRow, username: string | null): StaffLinkView {
  return { patientId: row.patient_id, userId: row.user_id, username, linkedBy: row.linked_by, linkedAt: row.linked_at };
}
