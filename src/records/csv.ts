/**
 * RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF.
 * Small and strict on purpose: an unterminated quote is an error, not a guess.
 */
export class CsvError extends Error {}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new CsvError('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Rows as records keyed by header; the header row must name every required column. */
export function csvRecords(text: string, required: readonly string[]): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new CsvError('the file is empty');
  const names = header.map((h) => h.trim());
  const missing = required.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new CsvError(`missing column(s): ${missing.join(', ')}`);
  return rows.map((cells, index) => {
    if (cells.length !== names.length) throw new CsvError(`line ${index + 2}: expected ${names.length} fields, found ${cells.length}`);
    return Object.fromEntries(names.map((name, column) => [name, cells[column]!.trim()]));
  });
}
