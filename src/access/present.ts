import type { CatalogField, CatalogResourceDefinition } from '../catalog/index.js';

/** The catalog field every patient-data resource uses for its link to the patient. */
const PATIENT_LINK_FIELD = 'patient';
import type { FhirResource } from '../records/index.js';
import type { Grant, MaskingProfile } from './grants.js';
import { maskValue, strategyFor, type MaskingContext, type MaskingRule, type MaskingStrategy } from './masking.js';
import { compilePath, project, rewriteMatches, type CompiledPath } from './projection.js';
import { openedFields, type ScopeClause } from './scope.js';

/** Keyed pseudonyms: a different key per grant, so two recipients cannot link their extracts. */
export interface Presenter {
  pseudonymiser(scope: string): (value: string) => string;
}

export interface MaskedField {
  field: string;
  strategy: MaskingStrategy;
  /** Why: the field is outside the grant, or the grant's masking profile demands it. */
  reason: 'outside-grant' | 'profile';
}

export interface PresentedRecord {
  resource: FhirResource;
  catalogCode: string;
  basis: string;
  /** The real patient link, only when the caller may see identities (withheld for pseudonymised and de-identified grants). */
  patientId: string | null;
  masked: MaskedField[];
  /** Catalog fields left out because the grant does not open them. */
  omitted: string[];
  /**
   * The producing department and the effective date (UTC) from the repository's plain columns, for
   * timelines. Withheld on grant-based reads: the grant decides which fields, dates included, are seen.
   */
  departmentCode: string | null;
  effectiveAt: string | null;
  /** Read under emergency access: flagged in the console and the audit entry. */
  emergency: boolean;
  grantId: string | null;
}

/**
 * The real patient behind each presented record, for the audit entry only. Kept beside the record
 * rather than in it so it can never be serialised to a caller who sees a pseudonym.
 */
const subjects = new WeakMap<PresentedRecord, string | null>();

export function auditPatientOf(record: PresentedRecord): string | null {
  return subjects.has(record) ? (subjects.get(record) ?? null) : record.patientId;
}

function withSubject(record: PresentedRecord, patientId: string | null): PresentedRecord {
  subjects.set(record, patientId);
  return record;
}

type Treatment = { kind: 'clear' } | { kind: 'mask'; strategy: MaskingStrategy; reason: MaskedField['reason'] } | { kind: 'drop' };

/**
 * How one catalog field is shown under a grant's masking profile. Granted fields are shown; an
 * identifier outside the grant is shown masked (so a clinician still sees "张*" rather than a gap);
 * any other field outside the grant is left out. Pseudonymised grants mask even granted direct
 * identifiers; de-identified grants drop them (the patient link becomes a pseudonym so records of
 * one patient still join) and generalise quasi-identifiers.
 */
export function fieldTreatment(field: CatalogField, granted: boolean, profile: MaskingProfile, rules: readonly MaskingRule[]): Treatment {
  const strategy = field.identifierKind === 'none' ? undefined : (strategyFor(field, rules as MaskingRule[]) ?? 'redact');
  if (profile === 'de-identified' && field.identifierKind === 'direct') {
    return strategy === 'pseudonym' ? { kind: 'mask', strategy, reason: 'profile' } : { kind: 'drop' };
  }
  if (profile === 'de-identified' && field.identifierKind === 'quasi') return { kind: 'mask', strategy: strategy!, reason: granted ? 'profile' : 'outside-grant' };
  if (granted) {
    if (profile === 'pseudonymised' && field.identifierKind === 'direct') return { kind: 'mask', strategy: strategy!, reason: 'profile' };
    return { kind: 'clear' };
  }
  return strategy ? { kind: 'mask', strategy, reason: 'outside-grant' } : { kind: 'drop' };
}

/**
 * Codes FHIR R4 requires of each type that say where the record stands in its workflow (final,
 * cancelled, a claim's use), not anything about the patient. Every projection keeps them, as FHIR
 * asks servers to return mandatory elements whatever was selected; without them a partner's FHIR
 * client would reject the resource. (A few catalogs also list status as a field of level 1–2.)
 */
const REQUIRED_CODES: Readonly<Record<string, readonly string[]>> = {
  Encounter: ['status'],
  Observation: ['status'],
  DiagnosticReport: ['status'],
  ImagingStudy: ['status'],
  Procedure: ['status'],
  MedicationRequest: ['status', 'intent'],
  MedicationDispense: ['status'],
  DocumentReference: ['status'],
  Claim: ['status', 'use'],
  ExplanationOfBenefit: ['status', 'use', 'outcome'],
  ChargeItem: ['status'],
  Invoice: ['status'],
};
const NO_CODES: readonly string[] = [];

const compiled = new Map<string, CompiledPath>();
function pathOf(field: CatalogField): CompiledPath {
  let path = compiled.get(field.fhirPath);
  if (!path) {
    path = compilePath(field.fhirPath);
    compiled.set(field.fhirPath, path);
  }
  return path;
}

/**
 * What a read shows of catalog fields outside its grant: `mask` (the API's view: an identifier
 * outside the grant is shown masked, so a reader sees "张*" where something was) or `omit` (an
 * export, which holds exactly the granted fields; only the patient link stays, masked, because
 * records are grouped by patient before it is removed).
 */
export type OutsideGrant = 'mask' | 'omit';

export interface PresentInput {
  resource: FhirResource;
  definition: CatalogResourceDefinition;
  clause: ScopeClause;
  rules: readonly MaskingRule[];
  catalogCode: string;
  patientId: string | null;
  departmentCode?: string | null;
  effectiveAt?: string | null;
  /** Defaults to `mask`. */
  outsideGrant?: OutsideGrant;
}

/** What a grant shows of a catalog resource's fields: the same for every record read under it. */
interface GrantPresentation {
  definition: CatalogResourceDefinition;
  rules: readonly MaskingRule[];
  kept: readonly { field: CatalogField; treatment: Treatment; path: CompiledPath }[];
  keptPaths: readonly CompiledPath[];
  omitted: readonly string[];
  /** Whether the caller may learn who the patient is from the record's patient link. */
  linkOpen: boolean;
}

// Per grant object (one per read, or one per bulk scan) and view, re-derived when the catalog
// definition or masking rules handed in change; held weakly so they go with the grant.
const presentations: Record<OutsideGrant, WeakMap<Grant, GrantPresentation>> = { mask: new WeakMap(), omit: new WeakMap() };

function presentationFor(grant: Grant, definition: CatalogResourceDefinition, rules: readonly MaskingRule[], outsideGrant: OutsideGrant): GrantPresentation {
  const known = presentations[outsideGrant].get(grant);
  if (known && known.definition === definition && known.rules === rules) return known;
  const granted = new Set(grant.fields);
  const treatmentOf = (field: CatalogField): Treatment =>
    outsideGrant === 'omit' && !granted.has(field.name) && field.name !== PATIENT_LINK_FIELD ? { kind: 'drop' } : fieldTreatment(field, granted.has(field.name), grant.maskingProfile, rules);
  const treatments = definition.fields.map((field) => ({ field, treatment: treatmentOf(field), path: pathOf(field) }));
  const kept = treatments.filter(({ treatment }) => treatment.kind !== 'drop');
  const presentation: GrantPresentation = {
    definition,
    rules,
    kept,
    keptPaths: kept.map(({ path }) => path),
    omitted: treatments.filter(({ treatment, field }) => treatment.kind === 'drop' && !granted.has(field.name)).map(({ field }) => field.name),
    linkOpen: granted.has(PATIENT_LINK_FIELD) || !definition.fields.some((f) => f.name === PATIENT_LINK_FIELD),
  };
  presentations[outsideGrant].set(grant, presentation);
  return presentation;
}

/** Project to the opened fields and mask what the grant's profile demands; whole records for the other rules. */
export function presentRecord(presenter: Presenter, input: PresentInput): PresentedRecord {
  const { resource, definition, clause, catalogCode, patientId } = input;
  const emergency = clause.basis.startsWith('emergency:');
  const opened = openedFields(clause);
  if (opened === 'all' || !('grant' in clause)) return withSubject({ resource, catalogCode, basis: clause.basis, patientId, departmentCode: input.departmentCode ?? null, effectiveAt: input.effectiveAt ?? null, masked: [], omitted: [], emergency, grantId: null }, patientId);
  const grant = clause.grant;
  const plan = presentationFor(grant, definition, input.rules, input.outsideGrant ?? 'mask');
  const context: MaskingContext = { pseudonymise: presenter.pseudonymiser(grant.id) };
  // The projection is a fresh copy that nothing else holds, so masks are applied to it in place.
  let shown = project(resource, plan.keptPaths, REQUIRED_CODES[resource.resourceType] ?? NO_CODES);
  const masked: MaskedField[] = [];
  for (const { field, treatment, path } of plan.kept) {
    if (treatment.kind !== 'mask') continue;
    const rewritten = rewriteMatches(shown, path, (node) => maskValue(treatment.strategy, node, context));
    if (rewritten.replaced === 0) continue;
    shown = rewritten.resource;
    masked.push({ field: field.name, strategy: treatment.strategy, reason: treatment.reason });
  }
  const identified = grant.maskingProfile === 'identified';
  // A Patient's own id is the patient link; it follows the same rule as the references to it.
  if (!identified && shown.resourceType === 'Patient' && typeof shown.id === 'string') shown = { ...shown, id: context.pseudonymise(`Patient/${shown.id}`) };
  // The caller learns who the patient is only when the grant identifies and opens the patient link.
  return withSubject({
    resource: shown,
    catalogCode,
    basis: clause.basis,
    patientId: identified && plan.linkOpen ? patientId : null,
    departmentCode: null,
    effectiveAt: null,
    masked,
    omitted: [...plan.omitted],
    emergency,
    grantId: grant.id,
  }, patientId);
}
