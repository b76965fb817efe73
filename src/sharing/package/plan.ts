import { fieldTreatment } from '../../access/present.js';
import { compilePath, locate, project, type CompiledPath, type Location } from '../../access/projection.js';
import type { MaskingRule, MaskingStrategy } from '../../access/masking.js';
import type { Grant, MaskingProfile } from '../../access/index.js';
import type { CatalogField, CatalogResourceDefinition } from '../../catalog/index.js';
import type { FhirResource } from '../../records/index.js';
import type { IdentificationLevel } from '../types.js';
import { actionTree, type ActionNode, type FieldAction } from './deidentify.js';
import { PackageError } from './errors.js';

/**
 * What a package releases of each granted field, decided once per package from the catalog, the
 * grant and the identification level. The per-field treatment is the access layer's own
 * (fieldTreatment), so a package never releases a field differently from how the API would show it
 * to a reader of the same grant at the same level.
 */
export type FieldTreatment = ReturnType<typeof fieldTreatment>;

export interface FieldPlan {
  field: CatalogField;
  path: CompiledPath;
  treatment: FieldTreatment;
}

export interface ReleasePlan {
  level: IdentificationLevel;
  /** Granted fields, in catalog order. */
  fields: FieldPlan[];
  /** Granted fields that survive the level's treatment: the CSV columns. */
  columns: FieldPlan[];
  /** Released quasi-identifiers: the columns k-anonymity is computed over. */
  quasiIdentifiers: FieldPlan[];
  removed: string[];
  /** Granted fields released in masked or generalised form, with the masking strategy. */
  masked: { field: string; strategy: MaskingStrategy }[];
  /**
   * True when the package is stricter than the grant's masking profile. Access has then applied the
   * weaker profile, and the package applies the stricter treatments itself; otherwise re-applying
   * them would only pseudonymise pseudonyms a second time.
   */
  reapply: boolean;
}

const RANK: Record<IdentificationLevel, number> = { identified: 0, pseudonymised: 1, 'de-identified': 2 };

export function isAtLeast(level: IdentificationLevel, floor: MaskingProfile): boolean {
  return RANK[level] >= RANK[floor];
}

export function planRelease(definition: CatalogResourceDefinition, grant: Pick<Grant, 'fields' | 'maskingProfile'>, level: IdentificationLevel, rules: readonly MaskingRule[]): ReleasePlan {
  if (!isAtLeast(level, grant.maskingProfile)) {
    throw new PackageError('PACKAGE_INPUT', `identification "${level}" is weaker than the approved "${grant.maskingProfile}"`, { level, approved: grant.maskingProfile });
  }
  const granted = new Set(grant.fields);
  const fields = definition.fields
    .filter((field) => granted.has(field.name))
    .map((field) => ({ field, path: compilePath(field.fhirPath), treatment: fieldTreatment(field, true, level, rules) }));
  const columns = fields.filter((plan) => plan.treatment.kind !== 'drop');
  return {
    level,
    fields,
    columns,
    quasiIdentifiers: level === 'identified' ? [] : columns.filter((plan) => plan.field.identifierKind === 'quasi'),
    removed: fields.filter((plan) => plan.treatment.kind === 'drop').map((plan) => plan.field.name),
    masked: fields.flatMap((plan) => (plan.treatment.kind === 'mask' ? [{ field: plan.field.name, strategy: plan.treatment.strategy }] : [])),
    reapply: level !== grant.maskingProfile,
  };
}

const hasWhere = (path: CompiledPath): boolean => path.branches.some((branch) => branch.steps.some((step) => step.kind === 'where'));

/**
 * The record to de-identify, as access returned it, and what the package itself must do to it.
 * Access shows some fields the grant does not open (an identifier outside the grant masked, so a
 * reader sees "张*" where something was; a patient link kept as a pseudonym); a package holds
 * exactly the granted fields, so those go, as do the fields a stricter level removes. Removal by
 * location is exact for plain paths; a path with `where(…)` would leave the discriminator behind
 * (an identifier's `system` without its value), so then the record is narrowed by projection, like
 * access's own, which keeps a discriminator only with what it discriminates.
 */
export function releaseView(
  item: { resource: FhirResource; masked: readonly { field: string }[] },
  plan: ReleasePlan,
  pathOf: (field: string) => CompiledPath | undefined,
): { resource: FhirResource; actions: ActionNode | null } {
  const granted = new Set(plan.fields.map((p) => p.field.name));
  const removed = [...item.masked.filter((mask) => !granted.has(mask.field)).map((mask) => mask.field), ...(plan.reapply ? plan.removed : [])];
  const paths = removed.map(pathOf).filter((path): path is CompiledPath => path !== undefined);
  const narrow = paths.some(hasWhere);
  const resource = narrow ? project(item.resource, plan.columns.map((column) => column.path)) : item.resource;
  const entries: { location: Location; action: FieldAction }[] = [];
  if (!narrow) for (const path of paths) for (const location of locate(resource, path)) entries.push({ location, action: { kind: 'drop' } });
  if (plan.reapply) {
    for (const { path, treatment } of plan.columns) {
      if (treatment.kind !== 'mask') continue;
      for (const location of locate(resource, path)) entries.push({ location, action: { kind: 'mask', strategy: treatment.strategy } });
    }
  }
  return { resource, actions: actionTree(entries) };
}
