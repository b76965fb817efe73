import { sql, type RawBuilder } from 'kysely';

/**
 * Case-insensitive "contains" that treats %, _ and \ in the user's text literally. The explicit
 * ESCAPE matters: PostgreSQL escapes with \ by default, SQLite has no escape character at all.
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
