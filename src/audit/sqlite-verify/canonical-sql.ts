import { ENTRY_FORMAT_VERSION } from '../entry.js';

// The text columns around the two JSON columns, in canonical order (see canonicalRowText).
const BEFORE_ROLES = ['recorded_at', 'actor_type', 'actor_id', 'actor_name'];
const AFTER_ROLES = ['actor_department_id', 'action', 'object_type', 'object_id', 'patient_id', 'purpose_of_use', 'grant_id', 'access_basis', 'outcome', 'reason', 'source_ip', 'user_agent', 'request_id'];

/** A JSON column's type when it holds valid JSON; CASE keeps json_type from raising on anything else. */
const jsonTypeOf = (column: string) => `CASE WHEN json_valid(${column}) THEN json_type(${column}) END`;

/**
 * SQLite expression for a stored row's canonical entry text — the same text `canonicalRowText`
 * builds in JavaScript — or NULL when a JSON column is not an array / object (the same refusal as
 * `canonicalRowBytes`). Letting SQLite build it means one string crosses into JavaScript per row
 * instead of twenty-two values, which is most of what verifying a row used to cost.
 *
 * json_quote escapes exactly as JSON.stringify does (quote, backslash, \b \f \n \r \t, other
 * control characters as lowercase \u00xx, nothing else); sqlite-verify.test.ts holds the two
 * together over every ASCII character and a range of non-ASCII text. Where they could still part —
 * a value of another type planted in a text column — the result is a mismatch, never a false match:
 * a BLOB makes json_quote raise, which sends verification to the row-by-row path.
 */
export function canonicalTextSql(alias: string): string {
  const column = (name: string) => `${alias}.${name}`;
  const quoted = (names: string[]) => names.map((name) => `json_quote(${column(name)})`).join(` || ',' || `);
  const text = [
    `'[${ENTRY_FORMAT_VERSION},' || ${column('seq')}`,
    quoted(BEFORE_ROLES),
    column('actor_roles'),
    quoted(AFTER_ROLES),
    `${column('details')} || ']'`,
  ].join(` || ',' || `);
  return `CASE WHEN (${jsonTypeOf(column('actor_roles'))}) = 'array' AND (${jsonTypeOf(column('details'))}) = 'object' THEN ${text} END`;
}
