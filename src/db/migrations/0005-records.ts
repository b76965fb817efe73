import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('records')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('catalog_code', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text')
    .addColumn('department_code', 'text')
    .addColumn('encounter_id', 'text')
    .addColumn('effective_at', 'text')
    .addColumn('code', 'text')
    .addColumn('category', 'text')
    .addColumn('status', 'text')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('encrypted', 'integer', (c) => c.notNull())
    .addColumn('version_id', 'integer', (c) => c.notNull())
    .addColumn('last_updated', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('records_pk', ['resource_type', 'id'])
    .execute();
  await db.schema.createIndex('records_source_key_idx').on('records').columns(['resource_type', 'source_key']).unique().execute();
  await db.schema.createIndex('records_patient_idx').on('records').columns(['patient_id', 'resource_type', 'effective_at']).execute();
  await db.schema.createIndex('records_catalog_idx').on('records').columns(['catalog_code', 'department_code', 'effective_at']).execute();
  await db.schema.createIndex('records_code_idx').on('records').columns(['code']).execute();

  await db.schema
    .createTable('patient_identifiers')
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('blind_index', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('patient_identifiers_pk', ['patient_id', 'kind', 'blind_index'])
    .execute();
  await db.schema.createIndex('patient_identifiers_lookup_idx').on('patient_identifiers').columns(['kind', 'blind_index']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('patient_identifiers').execute();
  await db.schema.dropTable('records').execute();
}
