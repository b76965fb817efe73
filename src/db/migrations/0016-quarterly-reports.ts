import type { Kysely } from 'kysely';

/**
 * Quarterly audit reports (季度审计报告): a row per quarter holding the information administrator's
 * findings and recommendations while the report is a draft (its numbers are computed live), and the
 * issued report itself, frozen, with its hash and the audit entry that records it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quarterly_reports')
    .addColumn('quarter', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('recommendations', 'text', (c) => c.notNull())
    .addColumn('content', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('issued_by', 'text')
    .addColumn('hash', 'text')
    .addColumn('audit_seq', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quarterly_reports').execute();
}
