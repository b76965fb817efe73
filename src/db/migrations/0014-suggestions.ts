import type { Kysely } from 'kysely';

/**
 * The suggestion channel (反馈渠道, policy Ch.7 (2)).
 *
 * - `suggestions`: one row per suggestion or complaint. Text and attachment name are sealed in
 *   `content`; an anonymous submitter is kept only as a blind index (to list their own) and a sealed
 *   identity (for abuse handling), never as a plain user id.
 * - `suggestion_attachments`: the sealed file, apart so lists never load it.
 * - `suggestion_events`: responses and status changes, keyed by the suggestion's version so two
 *   concurrent changes cannot both be written.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('suggestions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('submitter_id', 'text')
    .addColumn('submitter_department_id', 'text')
    .addColumn('submitter_key', 'text')
    .addColumn('submitter_sealed', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('attachment_media_type', 'text')
    .addColumn('attachment_bytes', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('first_answered_at', 'text')
    .addColumn('last_answered_at', 'text')
    .addColumn('last_reopened_at', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('suggestions_submitted_idx').on('suggestions').columns(['submitted_at', 'id']).execute();
  await db.schema.createIndex('suggestions_first_answered_idx').on('suggestions').column('first_answered_at').execute();
  await db.schema.createIndex('suggestions_submitter_idx').on('suggestions').column('submitter_id').execute();
  await db.schema.createIndex('suggestions_submitter_key_idx').on('suggestions').column('submitter_key').execute();

  await db.schema
    .createTable('suggestion_attachments')
    .addColumn('suggestion_id', 'text', (c) => c.primaryKey())
    .addColumn('content', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('suggestion_events')
    .addColumn('suggestion_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('handler_id', 'text')
    .addColumn('text', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('suggestion_events_pk', ['suggestion_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('suggestion_events').execute();
  await db.schema.dropTable('suggestion_attachments').execute();
  await db.schema.dropTable('suggestions').execute();
}
