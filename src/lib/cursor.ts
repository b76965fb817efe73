/**
 * Opaque keyset cursors: the client gets back the sort key of the last row it saw, encoded so it
 * does not build its own. Keyset paging stays correct while rows are inserted, unlike offsets.
 */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): string[] | null {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(values) || values.length !== arity || !values.every((v) => typeof v === 'string')) return null;
    return values as string[];
  } catch {
    return null;
  }
}
