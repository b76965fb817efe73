import { ATTACHMENT_LIMITS, attachmentType, base64Length, contentMatches, decodedLength, fhirHash, isBase64, sha256Hex, type AttachmentType } from './attachments.js';

/**
 * An inbound referral as a partner sends it: one FHIR R4 ServiceRequest with the patient and the
 * referral documents as contained resources (Patient, DocumentReference with inline attachments).
 * Pure: checks what a referral needs, and builds the copy we store — known elements only, the
 * attachment bytes taken out to be stored apart. Unknown top-level elements are ignored (and
 * reported), unknown modifiers refused, as FHIR asks of a receiver.
 */
export const DEPARTMENT_SYSTEM = 'urn:yixiang:department';

type Json = Record<string, unknown>;
type Shape = 'array' | 'object' | 'string' | 'boolean';

/** R4 ServiceRequest elements we keep, by JSON shape; `id`, `meta` and `contained` are rebuilt. */
const KNOWN: Record<string, Shape> = {
  language: 'string', text: 'object', extension: 'array', identifier: 'array', instantiatesCanonical: 'array', instantiatesUri: 'array', basedOn: 'array', replaces: 'array',
  requisition: 'object', status: 'string', intent: 'string', category: 'array', priority: 'string', doNotPerform: 'boolean', code: 'object', orderDetail: 'array',
  quantityQuantity: 'object', quantityRatio: 'object', quantityRange: 'object', subject: 'object', encounter: 'object', occurrenceDateTime: 'string', occurrencePeriod: 'object',
  occurrenceTiming: 'object', asNeededBoolean: 'boolean', asNeededCodeableConcept: 'object', authoredOn: 'string', requester: 'object', performerType: 'object', performer: 'array',
  locationCode: 'array', locationReference: 'array', reasonCode: 'array', reasonReference: 'array', insurance: 'array', supportingInfo: 'array', specimen: 'array', bodySite: 'array',
  note: 'array', patientInstruction: 'string', relevantHistory: 'array',
};
const REBUILT = new Set(['resourceType', 'id', 'meta', 'contained', 'implicitRules', 'modifierExtension']);
const PATIENT_ELEMENTS = ['identifier', 'active', 'name', 'telecom', 'gender', 'birthDate', 'address'];
const DOCUMENT_ELEMENTS = ['status', 'docStatus', 'type', 'category', 'date', 'description'];
const INTENTS = ['order', 'proposal'] as const;
const PRIORITIES = ['routine', 'urgent', 'asap', 'stat'];
const DATE_TIME = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/;
const LOCAL_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const DEPARTMENT_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

export interface Issue {
  expression: string;
  message: string;
}

export interface ParsedAttachment {
  position: number;
  contentType: AttachmentType;
  content: Buffer;
  sha256: string;
}

export interface InboundReferralInput {
  intent: (typeof INTENTS)[number];
  priority: string | null;
  departmentCode: string;
  /** The patient's identifiers as sent, for matching to our patients. */
  identifiers: { system: string; value: string }[];
  /** The ServiceRequest to store: no id or meta, attachment bytes replaced by their size and hash. */
  resource: Json;
  attachments: ParsedAttachment[];
  /** Unknown top-level elements that were ignored. */
  ignored: string[];
}

export type ParseResult =
  | { ok: true; value: InboundReferralInput }
  | { ok: false; problem: 'invalid'; issues: Issue[] }
  | { ok: false; problem: 'too-large' | 'wrong-type'; which: string };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const shapeOf = (value: unknown): Shape | 'other' => (Array.isArray(value) ? 'array' : isObject(value) ? 'object' : typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : 'other');
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const localRef = (reference: unknown): string | null => (isObject(reference) && typeof reference.reference === 'string' && reference.reference.startsWith('#') ? reference.reference.slice(1) : null);

export function parseServiceRequest(body: unknown): ParseResult {
  const issues: Issue[] = [];
  const issue = (expression: string, message: string) => issues.push({ expression, message });
  if (!isObject(body) || body.resourceType !== 'ServiceRequest') return { ok: false, problem: 'invalid', issues: [{ expression: 'resourceType', message: 'must be a ServiceRequest resource' }] };
  if (body.modifierExtension !== undefined) issue('ServiceRequest.modifierExtension', 'modifier extensions are not understood here, so the request cannot be processed');
  if (body.implicitRules !== undefined) issue('ServiceRequest.implicitRules', 'implicit rules are not understood here');
  for (const [name, shape] of Object.entries(KNOWN)) {
    if (body[name] !== undefined && shapeOf(body[name]) !== shape) issue(`ServiceRequest.${name}`, `must be ${shape === 'array' ? 'an array' : `a${shape === 'object' ? 'n' : ''} ${shape}`}`);
  }
  if (issues.length) return { ok: false, problem: 'invalid', issues };

  if (body.status !== 'active') issue('ServiceRequest.status', body.status === undefined ? 'is required' : 'must be active: only an active request can be received');
  if (!(INTENTS as readonly unknown[]).includes(body.intent)) issue('ServiceRequest.intent', 'is required and must be order or proposal');
  if (body.priority !== undefined && !PRIORITIES.includes(body.priority as string)) issue('ServiceRequest.priority', `must be one of ${PRIORITIES.join(', ')}`);
  if (body.doNotPerform === true) issue('ServiceRequest.doNotPerform', 'a referral that must not be performed is not a referral');
  if (body.authoredOn !== undefined && !DATE_TIME.test(body.authoredOn as string)) issue('ServiceRequest.authoredOn', 'must be a FHIR dateTime');
  if (!hasReason(body)) issue('ServiceRequest.reasonCode', 'give the reason for the referral as reasonCode or note');
  const department = departmentOf(body, issue);
  const contained = containedOf(body, issue);
  const identifiers = patientOf(body, contained, issue);
  const documents = documentsOf(body, contained, issue);
  for (const [id, resource] of contained) {
    const referenced = (resource.resourceType === 'Patient' && localRef(body.subject) === id) || documents.includes(id);
    if (!referenced) issue(`ServiceRequest.contained.where(id='${id}')`, 'every contained resource must be referenced from subject or supportingInfo');
  }
  if (issues.length) return { ok: false, problem: 'invalid', issues };

  const built = attachmentsOf(documents.map((id) => contained.get(id)!), issues);
  if (issues.length) return { ok: false, problem: 'invalid', issues };
  if ('problem' in built) return { ok: false, ...built };

  const resource: Json = { resourceType: 'ServiceRequest' };
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (REBUILT.has(name)) continue;
    // Own keys only: `constructor` or `__proto__` in a posted body must not pass for elements.
    if (Object.hasOwn(KNOWN, name)) resource[name] = value;
    else ignored.push(name);
  }
  if (contained.size) resource.contained = [...contained.values()].map((r) => (r.resourceType === 'Patient' ? pick(r, PATIENT_ELEMENTS) : { ...pick(r, DOCUMENT_ELEMENTS), content: built.contents.get(String(r.id)) }));
  return { ok: true, value: { intent: body.intent as InboundReferralInput['intent'], priority: (body.priority as string | undefined) ?? null, departmentCode: department!, identifiers, resource, attachments: built.attachments, ignored } };
}

function pick(resource: Json, elements: readonly string[]): Json {
  const kept: Json = { resourceType: resource.resourceType, id: resource.id };
  for (const name of elements) if (resource[name] !== undefined) kept[name] = resource[name];
  return kept;
}

function hasReason(body: Json): boolean {
  const coded = objects(body.reasonCode).some((concept) => (typeof concept.text === 'string' && concept.text.trim() !== '') || objects(concept.coding).some((c) => typeof c.code === 'string'));
  const noted = objects(body.note).some((note) => typeof note.text === 'string' && note.text.trim() !== '');
  return coded || noted;
}

/** The receiving department: a performer named by department identifier, or a department coding in locationCode or category. */
function departmentOf(body: Json, issue: (expression: string, message: string) => void): string | null {
  const codes = new Set<string>();
  for (const performer of objects(body.performer)) {
    const identifier = performer.identifier;
    if (isObject(identifier) && identifier.system === DEPARTMENT_SYSTEM && typeof identifier.value === 'string') codes.add(identifier.value);
  }
  for (const concept of [...objects(body.locationCode), ...objects(body.category)]) {
    for (const coding of objects(concept.coding)) if (coding.system === DEPARTMENT_SYSTEM && typeof coding.code === 'string') codes.add(coding.code);
  }
  if (codes.size === 0) issue('ServiceRequest.performer', `name the receiving department: a performer with identifier system ${DEPARTMENT_SYSTEM}, or a ${DEPARTMENT_SYSTEM} coding in locationCode or category`);
  else if (codes.size > 1) issue('ServiceRequest.performer', `name one receiving department, not ${[...codes].join(', ')}`);
  const [code] = [...codes];
  if (codes.size === 1 && !DEPARTMENT_CODE.test(code!)) issue('ServiceRequest.performer', `${code!.slice(0, 40)} is not a department code`);
  return code ?? null;
}

function containedOf(body: Json, issue: (expression: string, message: string) => void): Map<string, Json> {
  const contained = new Map<string, Json>();
  if (body.contained === undefined) return contained;
  if (!Array.isArray(body.contained)) {
    issue('ServiceRequest.contained', 'must be an array');
    return contained;
  }
  body.contained.forEach((resource: unknown, i) => {
    const at = `ServiceRequest.contained[${i}]`;
    if (!isObject(resource) || (resource.resourceType !== 'Patient' && resource.resourceType !== 'DocumentReference')) return issue(at, 'may hold the Patient and DocumentReferences only');
    if (typeof resource.id !== 'string' || !LOCAL_ID.test(resource.id)) return issue(`${at}.id`, 'a contained resource needs an id');
    if (contained.has(resource.id)) return issue(`${at}.id`, `id ${resource.id} is used twice`);
    contained.set(resource.id, resource);
  });
  return contained;
}

/** The patient's identifiers: from the contained Patient `subject` points at, or a logical reference's identifier. */
function patientOf(body: Json, contained: Map<string, Json>, issue: (expression: string, message: string) => void): { system: string; value: string }[] {
  const subject = body.subject;
  if (!isObject(subject)) {
    issue('ServiceRequest.subject', 'is required: a contained Patient (#id) or a reference by identifier');
    return [];
  }
  const local = localRef(subject);
  if (local !== null) {
    const patient = contained.get(local);
    if (patient?.resourceType !== 'Patient') {
      issue('ServiceRequest.subject', `#${local} is not a contained Patient`);
      return [];
    }
    const identifiers = objects(patient.identifier).filter((i) => typeof i.system === 'string' && typeof i.value === 'string' && i.value !== '');
    if (identifiers.length === 0) issue(`ServiceRequest.contained.where(id='${local}').identifier`, 'the patient needs at least one identifier with system and value');
    return identifiers.map((i) => ({ system: i.system as string, value: i.value as string }));
  }
  if (subject.reference !== undefined) {
    issue('ServiceRequest.subject', 'refer to the patient by a contained Patient or by identifier: ids on this server are not known to a partner');
    return [];
  }
  const identifier = subject.identifier;
  if (!isObject(identifier) || typeof identifier.system !== 'string' || typeof identifier.value !== 'string' || identifier.value === '') {
    issue('ServiceRequest.subject.identifier', 'needs a system and a value');
    return [];
  }
  return [{ system: identifier.system, value: identifier.value }];
}

/** Ids of the contained DocumentReferences supportingInfo points at, in its order. */
function documentsOf(body: Json, contained: Map<string, Json>, issue: (expression: string, message: string) => void): string[] {
  const ids: string[] = [];
  (Array.isArray(body.supportingInfo) ? body.supportingInfo : []).forEach((reference: unknown, i) => {
    const id = localRef(reference);
    if (id === null || contained.get(id)?.resourceType !== 'DocumentReference') return issue(`ServiceRequest.supportingInfo[${i}]`, 'must point at a contained DocumentReference (#id)');
    if (!ids.includes(id)) ids.push(id);
  });
  return ids;
}

type Built = { attachments: ParsedAttachment[]; contents: Map<string, Json[]> } | { problem: 'too-large' | 'wrong-type'; which: string };

/** Decodes and checks every attachment (inline data, type by magic bytes, size, hash) and builds the stored content without the bytes. */
function attachmentsOf(documents: Json[], issues: Issue[]): Built {
  const issue = (expression: string, message: string) => issues.push({ expression, message });
  const attachments: ParsedAttachment[] = [];
  const contents = new Map<string, Json[]>();
  let total = 0;
  for (const document of documents) {
    const at = `DocumentReference/${String(document.id)}`;
    if (!['current', 'superseded', 'entered-in-error'].includes(document.status as string)) issue(`${at}.status`, 'is required: current, superseded or entered-in-error');
    const content = Array.isArray(document.content) ? document.content : [];
    if (content.length === 0) issue(`${at}.content`, 'needs at least one attachment');
    const stored: Json[] = [];
    for (const [i, item] of content.entries()) {
      const attachment = isObject(item) ? item.attachment : undefined;
      const path = `${at}.content[${i}].attachment`;
      const before = issues.length;
      if (!isObject(attachment)) {
        issue(path, 'is required');
        continue;
      }
      if (attachment.url !== undefined) issue(`${path}.url`, 'send the document inline as data: links are not fetched');
      if (typeof attachment.contentType !== 'string') issue(`${path}.contentType`, 'is required with data');
      if (typeof attachment.data !== 'string' || !isBase64(attachment.data)) issue(`${path}.data`, 'is required: standard padded base64');
      if (attachment.title !== undefined && (typeof attachment.title !== 'string' || attachment.title.length > 200)) issue(`${path}.title`, 'must be text of at most 200 characters');
      if (attachment.creation !== undefined && !DATE_TIME.test(String(attachment.creation))) issue(`${path}.creation`, 'must be a FHIR dateTime');
      if (issues.length > before) continue;
      const which = path;
      if (attachments.length >= ATTACHMENT_LIMITS.count) return { problem: 'too-large', which: `${which} (more than ${ATTACHMENT_LIMITS.count} documents)` };
      const data = attachment.data as string;
      // Sized from the text alone, so an oversized document is refused before it is decoded.
      if (data.length > base64Length(ATTACHMENT_LIMITS.eachBytes) || decodedLength(data) > ATTACHMENT_LIMITS.eachBytes) return { problem: 'too-large', which };
      total += decodedLength(data);
      if (total > ATTACHMENT_LIMITS.totalBytes) return { problem: 'too-large', which };
      const type = attachmentType(attachment.contentType as string);
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length === 0) {
        issue(`${path}.data`, 'must not be empty');
        continue;
      }
      if (!type || !contentMatches(type, bytes)) return { problem: 'wrong-type', which };
      if (attachment.size !== undefined && attachment.size !== bytes.length) issue(`${path}.size`, `is ${String(attachment.size)} but the data is ${bytes.length} bytes`);
      const hash = fhirHash(bytes);
      if (attachment.hash !== undefined && attachment.hash !== hash) issue(`${path}.hash`, 'does not match the data (base64 SHA-1)');
      attachments.push({ position: attachments.length, contentType: type, content: bytes, sha256: sha256Hex(bytes) });
      stored.push({ attachment: { contentType: attachment.contentType, ...(attachment.title !== undefined && { title: attachment.title }), ...(attachment.creation !== undefined && { creation: attachment.creation }), size: bytes.length, hash } });
    }
    contents.set(String(document.id), stored);
  }
  return { attachments, contents };
}
