import type { Kysely } from 'kysely';

/** Usage feedback after a share (使用反馈, policy 5.3 step 4) and the in-app notification inbox. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('usage_feedback')
    .addColumn('grant_id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('used_for', 'text', (c) => c.notNull())
    .addColumn('records_used', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('copies_destroyed', 'integer', (c) => c.notNull())
    .addColumn('incident', 'text')
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('usage_feedback').execute();
}
