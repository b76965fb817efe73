import type { CatalogResourceDefinition } from '../catalog/index.js';
import { EnvelopeOpener, type ReleasedDataKey } from '../crypto/index.js';
import { revealPayloadWith } from '../records/index.js';
import { rememberingPseudonyms } from './bulk-read.js';
import type { MaskingRule } from './masking.js';
import { presentRecord, type PresentedRecord, type Presenter } from './present.js';
import { presenterFromSeed, type PseudonymSeed } from './pseudonym.js';
import type { ScopeClause } from './scope.js';
import type { PresentableRow } from './store.js';

/** What presenting the rows of one scan needs, fixed for the scan as its decision is; plain data, so a worker thread can hold it. */
export interface ScanPresentation {
  clauses: [string, ScopeClause][];
  definitions: [string, CatalogResourceDefinition][];
  rules: MaskingRule[];
  seed: PseudonymSeed;
}

/**
 * Decrypts and presents scanned rows synchronously, with keys released by the keyring: what a
 * parallel bulk read runs on each worker thread and on the calling thread alike, and exactly what
 * the sequential scan does per row.
 */
export class PagePresenter {
  private readonly clauses: Map<string, ScopeClause>;
  private readonly definitions: Map<string, CatalogResourceDefinition>;
  private readonly rules: readonly MaskingRule[];
  private readonly presenter: Presenter;
  private readonly opener = new EnvelopeOpener();

  constructor(presentation: ScanPresentation) {
    this.clauses = new Map(presentation.clauses);
    this.definitions = new Map(presentation.definitions);
    this.rules = presentation.rules;
    this.presenter = rememberingPseudonyms(presenterFromSeed(presentation.seed));
  }

  addKeys(keys: readonly ReleasedDataKey[]): void {
    this.opener.add(keys);
  }

  /** Each row presented only when it is taken, so a transform can let each record go before the next is made. */
  *presentEach(rows: readonly PresentableRow[]): Generator<PresentedRecord> {
    for (const row of rows) yield this.present(row);
  }

  private present(row: PresentableRow): PresentedRecord {
    const clause = this.clauses.get(`${row.catalog_code} ${row.access_basis}`);
    if (!clause) throw new Error(`row ${row.resource_type}/${row.id} came back without a basis`);
    const definition = this.definitions.get(row.catalog_code);
    if (!definition) throw new Error(`catalog resource ${row.catalog_code} is not part of this scan`);
    const resource = revealPayloadWith(this.opener, row);
    return presentRecord(this.presenter, { resource, definition, clause, rules: this.rules, catalogCode: row.catalog_code, patientId: row.patient_id, departmentCode: row.department_code, effectiveAt: row.effective_at });
  }
}
