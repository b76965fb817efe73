import type { CatalogResourceDefinition } from '../../catalog/index.js';
import type { PolicyValue } from '../../policy/index.js';
import type { RequestedResource } from '../types.js';

type PurposeTemplate = PolicyValue<'sharing.purposes'>[number];

/** Per catalog resource of the document set, the fields to send instead of the template's; `[]` leaves the resource out. */
export type DocumentChoice = Record<string, string[]>;

export interface DocumentSetInput {
  /** The `referral` purpose's template of `sharing.purposes`: its necessary fields are the document set. */
  template: PurposeTemplate | undefined;
  catalog: ReadonlyMap<string, CatalogResourceDefinition>;
  /** Resources shared whatever their date (basic information, allergies…); the others from `dataFrom`. */
  wholeHistory: readonly string[];
  /** Start of the look-back period. */
  dataFrom: string;
  choice?: DocumentChoice;
}

/**
 * The referral document set (转诊资料): the resources and fields of the `referral` purpose's
 * necessary-field template, as far as the catalog publishes them, each limited to the look-back
 * period unless it is a standing fact. A clinician may leave resources or fields out, never add:
 * whatever is beyond the template needs a justified share request of its own.
 */
export function referralDocumentSet(input: DocumentSetInput): { resources: RequestedResource[] } | { refused: string } {
  const necessary = input.template?.necessaryFields ?? {};
  // A template entry whose resource is missing or retired is skipped rather than blocking every referral.
  const offered = Object.entries(necessary).filter(([code, fields]) => fields.length > 0 && input.catalog.get(code)?.status === 'published');
  if (offered.length === 0) return { refused: 'the referral purpose names no published catalog resource in its necessary-field template' };
  const offeredCodes = new Set(offered.map(([code]) => code));
  for (const code of Object.keys(input.choice ?? {})) {
    if (!offeredCodes.has(code)) return { refused: `${code} is not part of the referral document set (${[...offeredCodes].join(', ')})` };
  }
  const resources: RequestedResource[] = [];
  for (const [code, templateFields] of offered) {
    const chosen = input.choice?.[code];
    if (chosen !== undefined) {
      const beyond = chosen.filter((field) => !templateFields.includes(field));
      if (beyond.length) return { refused: `${code}: ${beyond.join(', ')} ${beyond.length === 1 ? 'is' : 'are'} beyond the referral template; file a share request with a justification instead` };
    }
    const fields = [...new Set(chosen ?? templateFields)];
    if (fields.length === 0) continue;
    resources.push({ catalogCode: code, fields: fields.map((name) => ({ name })), ...(input.wholeHistory.includes(code) ? {} : { dataFrom: input.dataFrom }) });
  }
  if (resources.length === 0) return { refused: 'leave at least one resource of the document set in the referral' };
  return { resources };
}

/** The instant `months` calendar months before `now`, the day clamped to the shorter month (31 March − 1 month = 28/29 February). */
export function lookbackStart(now: Date, months: number): string {
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds())).toISOString();
}

/**
 * Whether requested resources still fit the referral document set: template resources and fields
 * only, and events no older than the look-back. A returned referral edited beyond it is no longer
 * a referral the fast track may decide; it takes the ordinary, risk-based review.
 */
export function withinDocumentSet(resources: readonly RequestedResource[], formDataFrom: string | undefined, template: PurposeTemplate | undefined, wholeHistory: readonly string[], lookbackFrom: string): boolean {
  const necessary = template?.necessaryFields ?? {};
  return resources.every((resource) => {
    const allowed = necessary[resource.catalogCode];
    if (!allowed || !resource.fields.every((f) => allowed.includes(f.name))) return false;
    if (wholeHistory.includes(resource.catalogCode)) return true;
    const from = resource.dataFrom ?? formDataFrom;
    return from !== undefined && Date.parse(from) >= Date.parse(lookbackFrom);
  });
}
