import type { CatalogField, FhirResource, MaskedField } from '../../api/types';

/**
 * A short reading of a FHIR R4 resource for the patient timeline: what it is (the code's text), its
 * key value (result, conclusion, dose, amount) and when. Each piece names the element it comes from,
 * so a masked element can be shown with the reason it was masked. Values are shown exactly as the
 * server returned them: masked values stay masked.
 */

export const DEPARTMENT_EXTENSION = 'urn:yixiang:extension:department';
export const MRN_SYSTEM = 'urn:yixiang:mrn';
export const ID_CARD_SYSTEM = 'urn:yixiang:id:resident-id-card';

type Json = Record<string, unknown>;

const obj = (value: unknown): Json | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const first = (value: unknown): unknown => list(value)[0];
const str = (value: unknown): string | null => (typeof value === 'string' && value.trim().length > 0 ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** A CodeableConcept (or a list of them, or a bare Coding) as text: its text, else the first display, else the code. */
export function conceptText(concept: unknown): string | null {
  for (const c of list(concept)) {
    const o = obj(c);
    if (!o) continue;
    const text = str(o.text);
    if (text) return text;
    const codings = Array.isArray(o.coding) ? o.coding : [o];
    for (const coding of codings) {
      const co = obj(coding);
      const display = str(co?.display) ?? str(co?.code);
      if (display) return display;
    }
  }
  return null;
}

/** A Quantity as "8.8 %"; a comparator is kept ("<0.5 mg/L"). */
export function quantityText(quantity: unknown): string | null {
  const q = obj(quantity);
  if (!q) return null;
  const value = num(q.value) ?? str(q.value);
  if (value === null) return null;
  const unit = str(q.unit) ?? str(q.code);
  const comparator = str(q.comparator) ?? '';
  return unit ? `${comparator}${value} ${unit}` : `${comparator}${value}`;
}

/** A Money as "¥123.45" for CNY, else "123.45 USD". */
export function moneyText(money: unknown): string | null {
  const m = obj(money);
  const value = num(m?.value);
  if (!m || value === null) return null;
  const currency = str(m.currency) ?? 'CNY';
  return currency === 'CNY' ? `¥${value.toFixed(2)}` : `${value.toFixed(2)} ${currency}`;
}

function rangeText(range: unknown): string | null {
  const r = obj(range);
  if (!r) return null;
  const text = str(r.text);
  if (text) return text;
  const low = num(obj(r.low)?.value);
  const high = num(obj(r.high)?.value);
  const unit = str(obj(r.high)?.unit) ?? str(obj(r.low)?.unit);
  if (low === null && high === null) return null;
  const span = low !== null && high !== null ? `${low}–${high}` : low !== null ? `≥${low}` : `≤${high}`;
  return unit ? `${span} ${unit}` : span;
}

/** One displayed piece and the top-level element it was read from (`conclusion`, `valueQuantity`…). */
export interface SummaryPart {
  text: string;
  element: string;
}

export interface RecordSummary {
  title: SummaryPart | null;
  details: SummaryPart[];
}

const part = (text: string | null, element: string): SummaryPart | null => (text ? { text, element } : null);
const parts = (...items: (SummaryPart | null)[]): SummaryPart[] => items.filter((p): p is SummaryPart => p !== null);

/** An Observation's value[x] (or, for a panel, its components). */
function observationValue(r: Json): SummaryPart | null {
  for (const [element, read] of [
    ['valueQuantity', quantityText],
    ['valueCodeableConcept', conceptText],
    ['valueString', str],
    ['valueBoolean', (v: unknown) => (typeof v === 'boolean' ? String(v) : null)],
    ['valueInteger', (v: unknown) => (num(v) === null ? null : String(v))],
  ] as const) {
    const text = read(r[element]);
    if (text) return { text, element };
  }
  const components = list(r.component)
    .map(obj)
    .filter((c): c is Json => !!c)
    .map((c) => {
      const value = quantityText(c.valueQuantity) ?? conceptText(c.valueCodeableConcept) ?? str(c.valueString);
      const name = conceptText(c.code);
      return value ? (name ? `${name} ${value}` : value) : null;
    })
    .filter((text): text is string => !!text);
  return components.length ? { text: components.join('，'), element: 'component' } : null;
}

/** Abnormal flags (HL7 v3 ObservationInterpretation) as arrows, which read the same in every language. */
const FLAGS: Record<string, string> = { H: '↑', L: '↓', HH: '↑↑', LL: '↓↓', HU: '↑↑', LU: '↓↓' };

function interpretation(r: Json): SummaryPart | null {
  const codes = list(r.interpretation)
    .map((i) => obj(i))
    .flatMap((i) => list(i?.coding).map((c) => str(obj(c)?.code)))
    .filter((c): c is string => !!c && c !== 'N');
  return codes.length ? { text: codes.map((c) => FLAGS[c] ?? c).join(' '), element: 'interpretation' } : null;
}

function dosage(r: Json): SummaryPart | null {
  return part(str(obj(first(r.dosageInstruction))?.text), 'dosageInstruction');
}

/** What the record is and its key value, by resource type. */
export function summarize(resource: FhirResource): RecordSummary {
  const r = resource as Json;
  switch (resource.resourceType) {
    case 'Patient':
      return { title: part(personName(r.name), 'name'), details: [] };
    case 'Encounter': {
      const type = conceptText(r.type) ?? str(obj(r.class)?.display) ?? str(obj(r.class)?.code);
      const location = str(obj(obj(first(r.location))?.location)?.display);
      return { title: part(type, conceptText(r.type) ? 'type' : 'class'), details: parts(part(location, 'location'), part(conceptText(r.reasonCode), 'reasonCode')) };
    }
    case 'Condition':
      return { title: part(conceptText(r.code), 'code'), details: [] };
    case 'Observation': {
      const range = rangeText(first(r.referenceRange));
      return { title: part(conceptText(r.code), 'code'), details: parts(observationValue(r), interpretation(r), part(range, 'referenceRange')) };
    }
    case 'DiagnosticReport':
      return { title: part(conceptText(r.code), 'code'), details: parts(part(str(r.conclusion), 'conclusion') ?? part(conceptText(r.conclusionCode), 'conclusionCode')) };
    case 'ImagingStudy': {
      const modality = list(r.modality)
        .map((m) => str(obj(m)?.code))
        .filter((m): m is string => !!m)
        .join('/');
      const title = conceptText(r.procedureCode) ? part(conceptText(r.procedureCode), 'procedureCode') : part(str(r.description), 'description');
      return { title, details: parts(part(modality || null, 'modality')) };
    }
    case 'Procedure':
      return { title: part(conceptText(r.code), 'code'), details: parts(part(conceptText(r.outcome), 'outcome')) };
    case 'MedicationRequest':
    case 'MedicationDispense': {
      const medication = conceptText(r.medicationCodeableConcept) ?? str(obj(r.medicationReference)?.display);
      const quantity = quantityText(r.quantity) ?? quantityText(obj(r.dispenseRequest)?.quantity);
      return { title: part(medication, r.medicationCodeableConcept ? 'medicationCodeableConcept' : 'medicationReference'), details: parts(dosage(r), part(quantity, r.quantity ? 'quantity' : 'dispenseRequest')) };
    }
    case 'AllergyIntolerance': {
      const manifestation = conceptText(obj(first(r.reaction))?.manifestation);
      return { title: part(conceptText(r.code), 'code'), details: parts(part(manifestation, 'reaction')) };
    }
    case 'DocumentReference': {
      const title = conceptText(r.type) ? part(conceptText(r.type), 'type') : part(str(r.description), 'description');
      const attachment = str(obj(obj(first(r.content))?.attachment)?.title);
      return { title, details: parts(attachment && attachment !== title?.text ? { text: attachment, element: 'content' } : null) };
    }
    case 'ChargeItem':
      return { title: part(conceptText(r.code), 'code'), details: parts(part(quantityText(r.quantity), 'quantity'), part(moneyText(r.priceOverride), 'priceOverride')) };
    case 'Invoice':
      return { title: part(conceptText(r.type), 'type'), details: parts(part(moneyText(r.totalGross), 'totalGross') ?? part(moneyText(r.totalNet), 'totalNet')) };
    case 'Claim':
      return { title: part(conceptText(r.type), 'type'), details: parts(part(moneyText(r.total), 'total')) };
    case 'ExplanationOfBenefit': {
      const total = moneyText(obj(first(r.total))?.amount);
      const payment = moneyText(obj(r.payment)?.amount);
      return { title: part(conceptText(r.type), 'type'), details: parts(part(total, 'total'), part(payment, 'payment')) };
    }
    default:
      return { title: part(conceptText(r.code) ?? conceptText(r.type), r.code ? 'code' : 'type'), details: [] };
  }
}

/** The element holding the record's date and its value, following the server's choice per type. */
export function recordDate(resource: FhirResource): SummaryPart | null {
  const r = resource as Json;
  const pick = (...candidates: [string, unknown][]): SummaryPart | null => {
    for (const [element, value] of candidates) {
      const text = str(value);
      if (text) return { text, element };
    }
    return null;
  };
  switch (resource.resourceType) {
    case 'Encounter':
      return pick(['period', obj(r.period)?.start]);
    case 'Condition':
      return pick(['onsetDateTime', r.onsetDateTime], ['recordedDate', r.recordedDate]);
    case 'Observation':
      return pick(['effectiveDateTime', r.effectiveDateTime], ['effectivePeriod', obj(r.effectivePeriod)?.start], ['issued', r.issued]);
    case 'DiagnosticReport':
      return pick(['effectiveDateTime', r.effectiveDateTime], ['issued', r.issued]);
    case 'ImagingStudy':
      return pick(['started', r.started]);
    case 'Procedure':
      return pick(['performedDateTime', r.performedDateTime], ['performedPeriod', obj(r.performedPeriod)?.start]);
    case 'MedicationRequest':
      return pick(['authoredOn', r.authoredOn]);
    case 'MedicationDispense':
      return pick(['whenHandedOver', r.whenHandedOver], ['whenPrepared', r.whenPrepared]);
    case 'AllergyIntolerance':
      return pick(['recordedDate', r.recordedDate], ['onsetDateTime', r.onsetDateTime]);
    case 'DocumentReference':
      return pick(['date', r.date]);
    case 'ChargeItem':
      return pick(['occurrenceDateTime', r.occurrenceDateTime], ['enteredDate', r.enteredDate]);
    case 'Invoice':
      return pick(['date', r.date]);
    case 'Claim':
    case 'ExplanationOfBenefit':
      return pick(['created', r.created]);
    default:
      return null;
  }
}

/** The producing department's code (extension `urn:yixiang:extension:department`); absent when not shared. */
export function recordDepartment(resource: FhirResource): string | null {
  const match = list(resource.extension)
    .map(obj)
    .find((e) => e?.url === DEPARTMENT_EXTENSION);
  return str(match?.valueCode) ?? str(match?.valueString);
}

/** A HumanName list as one name: its text, else family + given (Chinese order, no space). */
export function personName(names: unknown): string | null {
  const name = obj(list(names).find((n) => obj(n)?.use === 'official') ?? first(names));
  if (!name) return null;
  const text = str(name.text);
  if (text) return text;
  const given = list(name.given).filter((g): g is string => typeof g === 'string');
  const joined = `${str(name.family) ?? ''}${given.join('')}`;
  return joined || null;
}

export interface Demographics {
  name: string | null;
  gender: string | null;
  birthDate: string | null;
  mrn: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
}

/** The catalog field (CLIN_PATIENT) behind each demographic, to find what was masked. */
export const DEMOGRAPHIC_FIELDS: Record<keyof Demographics, string> = {
  name: 'name',
  gender: 'gender',
  birthDate: 'birthDate',
  mrn: 'mrn',
  idNumber: 'idNumber',
  phone: 'phone',
  address: 'address',
};

function identifierValue(resource: Json, system: string): string | null {
  const found = list(resource.identifier)
    .map(obj)
    .find((i) => i?.system === system);
  return str(found?.value);
}

function addressText(address: unknown): string | null {
  const a = obj(first(address));
  if (!a) return null;
  const text = str(a.text);
  if (text) return text;
  const pieces = [a.state, a.city, a.district, ...list(a.line)].map(str).filter((p): p is string => !!p);
  return pieces.length ? pieces.join('') : null;
}

/** A Patient's header fields as returned (masked ones stay masked). */
export function demographics(patient: FhirResource): Demographics {
  const r = patient as Json;
  const phone = list(r.telecom)
    .map(obj)
    .find((t) => t?.system === 'phone');
  return {
    name: personName(r.name),
    gender: str(r.gender),
    birthDate: str(r.birthDate),
    mrn: identifierValue(r, MRN_SYSTEM),
    idNumber: identifierValue(r, ID_CARD_SYSTEM),
    phone: str(phone?.value),
    address: addressText(r.address),
  };
}

/** The first element named by each FHIRPath branch of a field that starts at `resourceType`. */
export function pathElements(fhirPath: string, resourceType: string): string[] {
  const prefix = `${resourceType}.`;
  return fhirPath
    .split('|')
    .map((branch) => branch.trim())
    .filter((branch) => branch.startsWith(prefix))
    .map((branch) => /^[A-Za-z]+/.exec(branch.slice(prefix.length))?.[0] ?? '')
    .filter((element) => element.length > 0);
}

/** `effectiveDateTime` is the element `effective` (a choice type); `period` is `period`. */
export function elementMatches(shown: string, pathElement: string): boolean {
  if (shown === pathElement) return true;
  return shown.startsWith(pathElement) && /^[A-Z]/.test(shown.slice(pathElement.length));
}

/**
 * The masked fields behind one displayed element, found through the catalog's field paths. Without the
 * catalog's fields (not loaded, or not readable) nothing is matched; the record still says what was masked.
 */
export function maskedAt(resourceType: string, element: string, masked: readonly MaskedField[], fields: readonly CatalogField[] | undefined): MaskedField[] {
  if (!fields || masked.length === 0) return [];
  return masked.filter((m) => {
    const field = fields.find((f) => f.name === m.field);
    return !!field && pathElements(field.fhirPath, resourceType).some((pathElement) => elementMatches(element, pathElement));
  });
}

/**
 * The calendar day a record belongs to, for grouping the timeline: `YYYY-MM-DD` in the reader's time zone
 * (or `timeZone`); a partial date — such as a date masked to its year — is kept as it is.
 */
export function dayOf(value: string | null | undefined, timeZone?: string): string | null {
  if (!value) return null;
  if (/^\d{4}(-\d{2})?(-\d{2})?$/.test(value)) return value;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(time);
}

/** Consecutive items of the same day together, in the order given (the server's, newest first). */
export function groupByDay<T>(items: readonly T[], dayOfItem: (item: T) => string | null): { day: string | null; items: T[] }[] {
  const groups: { day: string | null; items: T[] }[] = [];
  for (const item of items) {
    const day = dayOfItem(item);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return groups;
}

/** The time of day of a full date-time (`HH:mm`, reader's zone); null for a date without a time. */
export function timeOf(value: string | null | undefined, language: string, timeZone?: string): string | null {
  if (!value || !value.includes('T')) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) }).format(time);
}

/** Age in whole years at `now` from a full birth date; null for a partial (e.g. masked to the year) date. */
export function ageAt(birthDate: string | null, now: Date): number | null {
  const m = birthDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate) : null;
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = now.getFullYear() - year;
  if (now.getMonth() + 1 < month || (now.getMonth() + 1 === month && now.getDate() < day)) age -= 1;
  return age >= 0 ? age : null;
}
