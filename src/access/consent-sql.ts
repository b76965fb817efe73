import { sql, type AliasableExpression, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/index.js';

/*
 * The read-time test that a patient's separate consent (单独同意) is in force, in SQL. Access runs
 * it inside every search and read of an external recipient's grant; sharing runs it for single
 * disclosures. It reads the `consents` table that the sharing module's consent records write.
 */

/** A value to compare with: a plain string (bound as a parameter) or a column of the outer query, e.g. `eb.ref('records.patient_id')`. */
export type ConsentOperand = string | Expression<string | null>;

export interface ConsentInForceCheck {
  /** The patient: usually the outer query's `records.patient_id`. */
  patientId: ConsentOperand;
  /** `institutions.id` of the recipient. */
  recipientId: ConsentOperand;
  /** The purpose-of-use code of the read. */
  purpose: ConsentOperand;
  /** The catalog resource read: usually the outer query's `records.catalog_code`. */
  catalogCode: ConsentOperand;
  /** Now, ISO-8601 UTC (`clock().toISOString()`). */
  at: string;
}

/** `LIKE` pattern finding `"CODE"` in the compact JSON array; `_` is escaped, codes hold nothing else special. */
function codePattern(code: ConsentOperand): string | Expression<string> {
  if (typeof code === 'string') return `%"${code.replace(/[\\%_]/g, (c) => `\\${c}`)}"%`;
  return sql<string>`'%"' || replace(${code}, '_', '\\_') || '"%'`;
}

/**
 * `exists (select 1 from consents …)`: a consent in force at `at` covers this patient, recipient
 * institution, purpose and catalog resource. The SQL twin of `consentCovers`; use it inside a
 * query on records so every row is checked in SQL, correlated to the row's own columns:
 *
 *   db.selectFrom('records').selectAll().where((eb) => consentInForceExists(eb, {
 *     patientId: eb.ref('records.patient_id'), recipientId: institutionId, purpose,
 *     catalogCode: eb.ref('records.catalog_code'), at: clock().toISOString() }))
 *
 * Runs on SQLite and PostgreSQL alike (no JSON functions: catalog_codes is matched as text) and
 * uses the (patient_id, recipient_id, status) index. Withdrawal and expiry take effect on the next
 * query: nothing is cached.
 */
export function consentInForceExists<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, check: ConsentInForceCheck): AliasableExpression<SqlBool> {
  const consents = eb as unknown as ExpressionBuilder<Database, never>;
  return consents.exists(
    consents
      .selectFrom('consents as cn')
      .select(sql.lit(1).as('one'))
      .where('cn.patient_id', '=', check.patientId)
      .where('cn.recipient_id', '=', check.recipientId)
      .where('cn.status', '=', 'active')
      .where('cn.recipient_kind', '=', 'institution')
      .where('cn.purpose', '=', check.purpose)
      .where('cn.valid_from', '<=', check.at)
      .where((cb) => cb.or([cb('cn.valid_to', 'is', null), cb('cn.valid_to', '>', check.at)]))
      .where((cb) => cb.or([cb('cn.catalog_codes', 'is', null), sql<SqlBool>`${cb.ref('cn.catalog_codes')} like ${codePattern(check.catalogCode)} escape '\\'`])),
  );
}
