import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

type Parameter = string | number | null;

const texts = new WeakMap<object, Map<string, string>>();
const TEXT_LIMIT = 500;

/** Stands in for a string parameter while the query text is compiled, so its position can be checked. */
const placeholder = (index: number): string => `\u0000yixiang-parameter-${index}\u0000`;

/**
 * Runs a query whose SQL text is compiled once per database handle and `key`. Kysely builds and
 * compiles its syntax tree on every call, which cost more than SQLite spent running the small keyed
 * selects on the path of every guarded read. `build` receives the parameters (strings replaced by
 * placeholders) and must bind each exactly once, in order — checked when the text is compiled — and
 * `key` must name everything else that shapes the text (list lengths, for instance).
 */
export async function runPrepared<DB, Row>(db: Kysely<DB>, key: string, parameters: readonly Parameter[], build: (p: readonly Parameter[]) => Compilable<Row>): Promise<Row[]> {
  let byKey = texts.get(db);
  if (!byKey) {
    byKey = new Map();
    texts.set(db, byKey);
  }
  let text = byKey.get(key);
  if (text === undefined) {
    const stand = parameters.map((value, index) => (typeof value === 'string' ? placeholder(index) : value));
    const compiled = build(stand).compile();
    if (compiled.parameters.length !== stand.length || compiled.parameters.some((value, index) => value !== stand[index])) {
      throw new Error(`prepared query ${key}: its parameters are not bound once each, in order`);
    }
    text = compiled.sql;
    if (byKey.size >= TEXT_LIMIT) byKey.clear();
    byKey.set(key, text);
  }
  const result = await db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]));
  return result.rows;
}
