import type { Grant } from '../../access/index.js';
import type { PresentedRecord } from '../../access/index.js';
import type { MaskingRule } from '../../access/masking.js';
import { compilePath } from '../../access/projection.js';
import type { CatalogResourceDefinition } from '../../catalog/index.js';
import type { MacAlgorithm } from '../../crypto/index.js';
import type { IdentificationLevel } from '../types.js';
import { deidentifyResource, patientKeyOf, type DeidentifyContext } from './deidentify.js';
import { EquivalenceClasses } from './kanonymity.js';
import type { DataFormat } from './manifest.js';
import { planRelease, releaseView } from './plan.js';
import { makeDateShifter, makePseudonymiser } from './pseudonyms.js';
import { columnValue, sinkFor } from './render.js';

/** Per-grant keys, derived from the keyring's package key: they rotate with it and never leave the process. */
export interface GrantKeys {
  algorithm: MacAlgorithm;
  pseudonym: Uint8Array;
  dateShift: Uint8Array;
}

/** Everything releasing a page needs, as plain data: it may be sent to a worker thread of the bulk read. */
export interface ReleaseSetup {
  definition: CatalogResourceDefinition;
  grant: Pick<Grant, 'id' | 'fields' | 'maskingProfile'>;
  level: IdentificationLevel;
  keys: GrantKeys;
  maskingRules: readonly MaskingRule[];
  dateShiftMaxDays: number;
  format: DataFormat;
}

/** One page as released into the package. */
export interface ReleasedPage {
  /** The page's records rendered in the package's data format. */
  text: string;
  records: number;
  /** Each record's k-anonymity class (`EquivalenceClasses.classOf`) and whose record it is; empty unless de-identified. */
  classes: string[];
  individuals: string[];
  /** The basis of the first record access opened by something other than this grant; nothing is released after it. */
  foreignBasis: string | null;
}

/**
 * Releases pages as the package holds them: the access view narrowed to the granted fields,
 * de-identified to the level (pseudonyms, per-patient date shift, generalisation), rendered. Pure
 * given its setup, so every worker of a parallel bulk read releases a record exactly alike.
 */
export function createPageTransform(setup: ReleaseSetup): (records: Iterable<PresentedRecord>) => ReleasedPage {
  const { definition, grant, level, keys } = setup;
  const plan = planRelease(definition, grant, level, setup.maskingRules);
  const paths = new Map(definition.fields.map((field) => [field.name, compilePath(field.fhirPath)] as const));
  const pseudonymise = makePseudonymiser(keys.algorithm, keys.pseudonym);
  const shiftFor = level === 'identified' ? () => 0 : makeDateShifter(keys.algorithm, keys.dateShift, setup.dateShiftMaxDays);
  const sink = sinkFor(setup.format, plan);
  const quasi = plan.quasiIdentifiers;
  const counted = level === 'de-identified';
  return (records) => {
    const page: ReleasedPage = { text: '', records: 0, classes: [], individuals: [], foreignBasis: null };
    for (const item of records) {
      if (item.grantId !== grant.id) {
        page.foreignBasis = item.basis;
        return page;
      }
      const patientKey = patientKeyOf(item.resource);
      const { resource, actions } = releaseView(item, plan, (name) => paths.get(name));
      const ctx: DeidentifyContext = { level, pseudonymise, pseudonymiseOnce: pseudonymise.once, shiftDays: shiftFor(patientKey) };
      const released = deidentifyResource(resource, actions, ctx);
      if (counted) {
        page.classes.push(EquivalenceClasses.classOf(quasi.map((column) => columnValue(released, column.path))));
        page.individuals.push(patientKey);
      }
      page.text += sink.line(released);
      page.records += 1;
    }
    return page;
  };
}

/** The transform handed to `AccessService.scanTransformed`. */
export function releaseTransform(setup: ReleaseSetup) {
  return { module: new URL('./release-transform.js', import.meta.url), setup, create: createPageTransform };
}
