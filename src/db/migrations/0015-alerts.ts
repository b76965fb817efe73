import type { Kysely } from 'kysely';

/**
 * Anomaly alerts (异常告警, ADR 0015).
 *
 * - `alerts`: one row per alert, unique on its dedupe key so that scans which see the same entries
 *   again (a retry, a second instance) insert nothing; triage fields and the violation case it was
 *   escalated to.
 * - `alert_scan_cursors`: how far the scan has read the audit log. It advances only from the value
 *   a scan started at, so of two instances scanning the same stretch one commits its alerts.
 * - `staff_patient_links`: which patient records are staff members' own, for the rule on reading a
 *   colleague's records.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('subject_user_id', 'text')
    .addColumn('subject_username', 'text')
    .addColumn('subject_department_id', 'text')
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('triaged_by', 'text')
    .addColumn('triaged_at', 'text')
    .addColumn('triage_reason', 'text')
    .addColumn('violation_case_id', 'text')
    .execute();
  await db.schema.createIndex('alerts_raised_idx').on('alerts').columns(['raised_at', 'id']).execute();
  await db.schema.createIndex('alerts_status_idx').on('alerts').columns(['status', 'raised_at']).execute();
  await db.schema.createIndex('alerts_rule_idx').on('alerts').columns(['rule', 'raised_at']).execute();
  await db.schema.createIndex('alerts_triaged_idx').on('alerts').columns(['triaged_at']).execute();

  await db.schema
    .createTable('alert_scan_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_patient_links')
    .addColumn('patient_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_patient_links_user_idx').on('staff_patient_links').columns(['user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['staff_patient_links', 'alert_scan_cursors', 'alerts']) await db.schema.dropTable(table).execute();
}
