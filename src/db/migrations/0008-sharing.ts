import type { Kysely } from 'kysely';

/** Share requests (信息共享申请表), their review decisions and the grants they produced. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('share_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('requester_department_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('current_step', 'integer', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('step_due_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('share_requests_requester_idx').on('share_requests').columns(['requester_id', 'state']).execute();
  await db.schema.createIndex('share_requests_state_idx').on('share_requests').columns(['state', 'current_step']).execute();

  await db.schema
    .createTable('share_request_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('narrowing', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('share_request_reviews_request_idx').on('share_request_reviews').columns(['request_id', 'decided_at']).execute();

  await db.schema
    .createTable('share_request_grants')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_request_grants_pk', ['request_id', 'grant_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['share_request_grants', 'share_request_reviews', 'share_requests']) await db.schema.dropTable(table).execute();
}
