import type { Kysely } from 'kysely';
import type { CatalogResourceDefinition } from '../catalog/index.js';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { revealPayload } from '../records/index.js';
import type { MaskingRule } from './masking.js';
import { presentRow } from './page-presenter.js';
import { rememberingPseudonyms } from './pseudonym.js';
import type { OutsideGrant, PresentedRecord, Presenter } from './present.js';
import type { ScopeClause } from './scope.js';
import { scanPage, type CatalogScope, type PageRequest, type PresentableRow, type RecordQuery } from './store.js';

/** What a bulk read needs of the access service; the service hands in its own collaborators. */
export interface BulkReadDeps {
  db: Kysely<Database>;
  keyring: Keyring;
  presenter: Presenter;
  clock: Clock;
  definition(code: string): Promise<CatalogResourceDefinition | undefined>;
  maskingRules(): Promise<readonly MaskingRule[]>;
}

/**
 * Every record the scopes open, in search order (newest first, then type, then id), presented
 * exactly as `AccessService.search` presents it, one page at a time.
 *
 * It is search without what a bulk read does not need: the rows come from search's own query (same
 * scope predicate, basis expression, keyset and order, so a row outside the scopes is never
 * loaded), but no total is counted, the scopes are compiled once for the whole scan (one scan is one
 * read), and each page is decrypted and presented in one sequential loop with the catalog
 * definition and masking rules resolved once per page instead of once per row and pseudonyms
 * remembered across the scan. The next page is read while the current one is presented. Auditing
 * is the caller's, as for search.
 */
export async function* scanScoped(deps: BulkReadDeps, scopes: readonly CatalogScope[], query: RecordQuery, pageSize: number, outsideGrant: OutsideGrant = 'mask'): AsyncGenerator<PresentedRecord[]> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`scan page size must be a positive integer, not ${pageSize}`);
  const live = scopes.filter((scope) => scope.clauses.length > 0);
  if (live.length === 0) return;
  const now = deps.clock().toISOString();
  const clauses = new Map<string, ScopeClause>(live.flatMap((scope) => scope.clauses.map((clause) => [`${scope.catalogCode} ${clause.basis}`, clause] as const)));
  const presenter = rememberingPseudonyms(deps.presenter);
  const read = async (after: PageRequest['after']) => await scanPage(deps.db, live, query, { limit: pageSize, after }, now);
  let next: Promise<PresentableRow[]> | null = read(undefined);
  try {
    while (next) {
      const rows: PresentableRow[] = await next;
      const last = rows[rows.length - 1];
      // A short page is the last one; a full one may be followed by more.
      next = rows.length === pageSize && last ? read({ effectiveAt: last.effective_at ?? '', resourceType: last.resource_type, id: last.id }) : null;
      if (rows.length > 0) yield await presentPage(deps, { presenter, clauses, outsideGrant }, rows);
    }
  } finally {
    // A consumer that stops early (a refused row) leaves at most one read in flight; its outcome no longer matters.
    next?.catch(() => undefined);
  }
}

/** Decrypts and presents one page in order: what `AccessService.search` does per row, without re-resolving the page's constants per row. */
async function presentPage(deps: BulkReadDeps, scan: { presenter: Presenter; clauses: ReadonlyMap<string, ScopeClause>; outsideGrant: OutsideGrant }, rows: readonly PresentableRow[]): Promise<PresentedRecord[]> {
  const context = { ...scan, definitions: new Map<string, CatalogResourceDefinition>(), rules: await deps.maskingRules() };
  const items: PresentedRecord[] = [];
  for (const row of rows) {
    if (!context.definitions.has(row.catalog_code)) {
      const definition = await deps.definition(row.catalog_code);
      if (!definition) throw new Error(`catalog resource ${row.catalog_code} vanished`);
      context.definitions.set(row.catalog_code, definition);
    }
    items.push(presentRow(row, await revealPayload(deps.keyring, row), context));
  }
  return items;
}
