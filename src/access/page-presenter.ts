import type { CatalogResourceDefinition } from '../catalog/index.js';
import { EnvelopeOpener, type ReleasedDataKey } from '../crypto/index.js';
import { revealPayloadWith, type FhirResource } from '../records/index.js';
import type { MaskingRule } from './masking.js';
import { presentRecord, type OutsideGrant, type PresentedRecord, type Presenter } from './present.js';
import { presenterFromSeed, rememberingPseudonyms, type PseudonymSeed } from './pseudonym.js';
import type { ScopeClause } from './scope.js';
import type { PresentableRow } from './store.js';

/** What presenting the rows of one scan needs, fixed for the scan as its decision is; plain data, so a worker thread can hold it. */
export interface ScanPresentation {
  clauses: [string, ScopeClause][];
  definitions: [string, CatalogResourceDefinition][];
  rules: MaskingRule[];
  seed: PseudonymSeed;
  outsideGrant: OutsideGrant;
}

/**
 * Decrypts and presents scanned rows synchronously, with keys released by the keyring: what a
 * parallel bulk read runs on each worker thread and on the calling thread alike, and exactly what
 * the sequential scan does per row.
 */
export class PagePresenter {
  readonly clauses: Map<string, ScopeClause>;
  readonly definitions: Map<string, CatalogResourceDefinition>;
  readonly rules: readonly MaskingRule[];
  readonly presenter: Presenter;
  readonly outsideGrant: OutsideGrant;
  private readonly opener = new EnvelopeOpener();

  constructor(presentation: ScanPresentation) {
    this.clauses = new Map(presentation.clauses);
    this.definitions = new Map(presentation.definitions);
    this.rules = presentation.rules;
    this.presenter = rememberingPseudonyms(presenterFromSeed(presentation.seed));
    this.outsideGrant = presentation.outsideGrant;
  }

  addKeys(keys: readonly ReleasedDataKey[]): void {
    this.opener.add(keys);
  }

  /** Each row presented only when it is taken, so a transform can let each record go before the next is made. */
  *presentEach(rows: readonly PresentableRow[]): Generator<PresentedRecord> {
    for (const row of rows) yield this.present(row);
  }

  private present(row: PresentableRow): PresentedRecord {
    return presentRow(row, revealPayloadWith(this.opener, row), this);
  }
}

/** What presenting a scanned row looks up: the scan's clauses by catalog and basis, its catalog definitions, the masking rules. */
export interface RowContext {
  clauses: ReadonlyMap<string, ScopeClause>;
  definitions: ReadonlyMap<string, CatalogResourceDefinition>;
  rules: readonly MaskingRule[];
  presenter: Presenter;
  outsideGrant?: OutsideGrant;
}

/** One scanned row, its payload already revealed, presented as search presents it: the one place both bulk reads do this. */
export function presentRow(row: PresentableRow, resource: FhirResource, context: RowContext): PresentedRecord {
  const clause = context.clauses.get(`${row.catalog_code} ${row.access_basis}`);
  if (!clause) throw new Error(`row ${row.resource_type}/${row.id} came back without a basis`);
  const definition = context.definitions.get(row.catalog_code);
  if (!definition) throw new Error(`catalog resource ${row.catalog_code} is not part of this scan`);
  return presentRecord(context.presenter, { resource, definition, clause, rules: context.rules, catalogCode: row.catalog_code, patientId: row.patient_id, departmentCode: row.department_code, effectiveAt: row.effective_at, outsideGrant: context.outsideGrant });
}
