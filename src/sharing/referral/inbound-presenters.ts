import { FHIR_STATUS, presentServiceRequest, type InboundStatus } from './service-request-view.js';
import type { InboundReferralAttachmentRow, InboundReferralRow } from './tables.js';

type Json = Record<string, unknown>;
type Names = { code: string; zh: string; en: string };

export interface InboundReferralView {
  id: string;
  status: InboundStatus;
  /** What the sender sees as ServiceRequest.status. */
  fhirStatus: string;
  intent: string;
  priority: string | null;
  sender: { id: string; code: string; name: { zh: string; en: string } };
  department: { id: string; code: string; name: { zh: string; en: string } };
  patient: {
    /** Our patient, when an MRN or ID card number matched exactly one; null when unmatched. */
    patientId: string | null;
    matchedBy: string | null;
    identifiers: { system: string; value: string }[];
    name: string | null;
    gender: string | null;
    birthDate: string | null;
  };
  /** The reason codes' texts and the notes, as the sender wrote them. */
  reason: string;
  authoredOn: string | null;
  attachments: { position: number; contentType: string; title: string | null; bytes: number; sha256: string }[];
  receivedAt: string;
  decidedAt: string | null;
  decidedBy: { id: string; displayName: string } | null;
  decisionReason: string | null;
  /** Detail only: the ServiceRequest as stored, as its sender reads it. */
  serviceRequest: Json | null;
}

export interface InboundFacts {
  stored: Json;
  decisionReason: string | null;
  institution: Names | null;
  department: Names | null;
  decidedBy: string | null;
  attachments: Omit<InboundReferralAttachmentRow, 'content'>[];
  detailed: boolean;
}

const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)) : []);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

function patientOf(stored: Json): Omit<InboundReferralView['patient'], 'patientId' | 'matchedBy'> {
  const subject = (stored.subject ?? {}) as Json;
  const local = typeof subject.reference === 'string' && subject.reference.startsWith('#') ? subject.reference.slice(1) : null;
  const patient = objects(stored.contained).find((r) => r.resourceType === 'Patient' && r.id === local);
  const identifiers = patient ? objects(patient.identifier) : subject.identifier ? [subject.identifier as Json] : [];
  const name = objects(patient?.name)[0];
  const fullName = name ? (text(name.text) ?? ([text(name.family), ...(Array.isArray(name.given) ? name.given.map(text) : [])].filter(Boolean).join('') || null)) : null;
  return {
    identifiers: identifiers.filter((i) => typeof i.system === 'string' && typeof i.value === 'string').map((i) => ({ system: i.system as string, value: i.value as string })),
    name: fullName,
    gender: text(patient?.gender),
    birthDate: text(patient?.birthDate),
  };
}

function reasonOf(stored: Json): string {
  const coded = objects(stored.reasonCode).map((concept) => text(concept.text) ?? objects(concept.coding).map((c) => text(c.display) ?? text(c.code)).filter(Boolean).join(', '));
  const notes = objects(stored.note).map((n) => text(n.text));
  return [...coded, ...notes].filter(Boolean).join('\n');
}

/** Attachment titles in storage order: supportingInfo order, then each document's content order. */
function titlesOf(stored: Json): (string | null)[] {
  const documents = new Map(objects(stored.contained).filter((r) => r.resourceType === 'DocumentReference').map((r) => [r.id, r]));
  return objects(stored.supportingInfo).flatMap((ref) => {
    const document = typeof ref.reference === 'string' ? documents.get(ref.reference.slice(1)) : undefined;
    return objects(document?.content).map((c) => text((c.attachment as Json | undefined)?.title) ?? text(document?.description));
  });
}

export function presentInbound(row: InboundReferralRow, facts: InboundFacts): InboundReferralView {
  const status = row.status as InboundStatus;
  const titles = titlesOf(facts.stored);
  const names = (n: Names | null) => ({ zh: n?.zh ?? '', en: n?.en ?? '' });
  return {
    id: row.id,
    status,
    fhirStatus: FHIR_STATUS[status],
    intent: row.intent,
    priority: row.priority,
    sender: { id: row.institution_id, code: facts.institution?.code ?? '', name: names(facts.institution) },
    department: { id: row.department_id, code: facts.department?.code ?? '', name: names(facts.department) },
    patient: { patientId: row.patient_id, matchedBy: row.matched_by, ...patientOf(facts.stored) },
    reason: reasonOf(facts.stored),
    authoredOn: text(facts.stored.authoredOn),
    attachments: facts.attachments.map((a) => ({ position: a.position, contentType: a.content_type, title: titles[a.position] ?? null, bytes: a.bytes, sha256: a.sha256 })),
    receivedAt: row.received_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by ? { id: row.decided_by, displayName: facts.decidedBy ?? '' } : null,
    decisionReason: facts.decisionReason,
    serviceRequest: facts.detailed ? presentServiceRequest(facts.stored, { id: row.id, status, receivedAt: row.received_at, decidedAt: row.decided_at, decisionReason: facts.decisionReason, departmentName: facts.department?.zh ?? '' }) : null,
  };
}
