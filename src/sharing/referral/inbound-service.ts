import type { Kysely } from 'kysely';
import type { Keyring } from '../../crypto/index.js';
import type { Database } from '../../db/index.js';
import { AppError, Errors } from '../../http/index.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { InstitutionPrincipal, UserPrincipal } from '../../org/index.js';
import { ID_CARD_SYSTEM, MRN_SYSTEM } from '../../records/index.js';
import type { Inbox } from '../inbox.js';
import { ATTACHMENT_LIMITS } from './attachments.js';
import { presentInbound, type InboundReferralView } from './inbound-presenters.js';
import { attachmentAad, decisionAad, inboundAad, open, openBytes, seal, sealBytes } from './sealing.js';
import { parseServiceRequest, type InboundReferralInput } from './service-request.js';
import { presentServiceRequest, type InboundStatus } from './service-request-view.js';
import * as store from './store.js';
import type { InboundReferralRow } from './tables.js';

/** Finds our patient by an identifier, only when exactly one patient has it (PatientViews.resolveIdentifier). */
export interface PatientResolver {
  resolveIdentifier(kind: 'mrn' | 'id-card', value: string): Promise<string | null>;
}

const RECEIVING_TYPES = ['clinical', 'medical_technical'];
const MIB = (bytes: number) => `${bytes / 1024 / 1024} MiB`;

/** What the audit entry of a received referral records: never its clinical content. */
export interface ReceivedFacts {
  id: string;
  patientId: string | null;
  matchedBy: string | null;
  departmentCode: string;
  attachments: number;
  ignored: string[];
}

/**
 * Inbound referrals: a partner posts a FHIR ServiceRequest (with the patient and documents
 * contained); it is checked, matched to our patient by blind index where an identifier says who
 * it is, sealed, and put in the receiving department's inbox. The department's clinicians accept
 * or decline it with a reason, which the partner reads back; no other institution ever sees it.
 */
export class InboundReferralService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly patients: PatientResolver,
    private readonly inbox: Inbox,
    private readonly clock: Clock,
  ) {}

  async receive(partner: InstitutionPrincipal, body: unknown, note?: (facts: ReceivedFacts) => void): Promise<{ id: string; resource: Record<string, unknown> }> {
    const input = this.parse(body);
    const department = await store.departmentByCode(this.db, input.departmentCode);
    if (!department || department.status !== 'active' || !RECEIVING_TYPES.includes(department.type)) throw new AppError(Errors.REFERRAL_DEPARTMENT_UNKNOWN, { code: input.departmentCode });
    const match = await this.match(input.identifiers);
    const id = newId();
    const receivedAt = this.clock().toISOString();
    const row: InboundReferralRow = {
      id,
      institution_id: partner.institutionId,
      api_client_id: partner.apiClientId,
      department_id: department.id,
      patient_id: match.patientId,
      matched_by: match.matchedBy,
      intent: input.intent,
      priority: input.priority,
      status: 'received',
      resource: await seal(this.keyring, input.resource, inboundAad(id, partner.institutionId)),
      received_at: receivedAt,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
    };
    const attachments = await Promise.all(
      input.attachments.map(async (a) => ({ referral_id: id, position: a.position, content_type: a.contentType, bytes: a.content.length, sha256: a.sha256, content: await sealBytes(this.keyring, a.content, attachmentAad(id, a.position)) })),
    );
    note?.({ id, patientId: match.patientId, matchedBy: match.matchedBy, departmentCode: department.code, attachments: attachments.length, ignored: input.ignored });
    await store.insertInbound(this.db, row, attachments);
    const urgent = input.priority !== null && input.priority !== 'routine';
    // No patient details in the title: notices may leave the platform through the webhook.
    await this.inbox.notify(await store.departmentClinicians(this.db, department.id), {
      kind: 'referral-received',
      subjectType: 'inbound_referral',
      subjectId: id,
      title: { zh: `转入申请${urgent ? '(紧急)' : ''}:${partner.institutionName} → ${department.name_zh}`, en: `Referral received${urgent ? ' (urgent)' : ''}: ${partner.institutionName} → ${department.name_en}` },
    });
    return { id, resource: presentServiceRequest(input.resource, { id, status: 'received', receivedAt, decidedAt: null, decisionReason: null, departmentName: department.name_zh }) };
  }

  /** The sender reads its own referral back; to anyone else it does not exist. */
  async read(partner: InstitutionPrincipal, id: string): Promise<{ resource: Record<string, unknown>; patientId: string | null }> {
    const row = await store.findInbound(this.db, id);
    if (!row || row.institution_id !== partner.institutionId) throw new AppError(Errors.INBOUND_REFERRAL_NOT_FOUND);
    const department = (await store.departmentNames(this.db, [row.department_id])).get(row.department_id);
    const stored = await open<Record<string, unknown>>(this.keyring, row.resource, inboundAad(row.id, row.institution_id));
    const reason = row.decision_reason ? await open<string>(this.keyring, row.decision_reason, decisionAad(row.id)) : null;
    return { patientId: row.patient_id, resource: presentServiceRequest(stored, { id: row.id, status: row.status as InboundStatus, receivedAt: row.received_at, decidedAt: row.decided_at, decisionReason: reason, departmentName: department?.zh ?? '' }) };
  }

  /** Referrals to the caller's department, newest first; a caller outside a department's clinicians sees none. */
  async list(principal: UserPrincipal, status: InboundStatus | undefined, limit: number): Promise<InboundReferralView[]> {
    if (!principal.departmentId || !isClinician(principal)) return [];
    const rows = await store.listInbound(this.db, principal.departmentId, status, limit);
    return this.present(rows, false);
  }

  async get(principal: UserPrincipal, id: string): Promise<InboundReferralView> {
    return (await this.present([await this.visible(principal, id)], true))[0]!;
  }

  async attachment(principal: UserPrincipal, id: string, position: number): Promise<{ patientId: string | null; contentType: string; content: Buffer }> {
    const row = await this.visible(principal, id);
    const attachment = await store.findAttachment(this.db, id, position);
    if (!attachment) throw new AppError(Errors.NOT_FOUND);
    return { patientId: row.patient_id, contentType: attachment.content_type, content: await openBytes(this.keyring, attachment.content, attachmentAad(id, position)) };
  }

  async decide(principal: UserPrincipal, id: string, decision: 'accepted' | 'declined', reason: string): Promise<InboundReferralView> {
    const row = await this.visible(principal, id);
    const at = this.clock().toISOString();
    const sealed = await seal(this.keyring, reason.trim(), decisionAad(id));
    if (!(await store.decideInbound(this.db, id, { status: decision, decided_by: principal.userId, decided_at: at, decision_reason: sealed }))) {
      const current = (await store.findInbound(this.db, id)) ?? row;
      throw new AppError(Errors.INBOUND_REFERRAL_DECIDED, { status: current.status === 'accepted' ? { zh: '接收', en: 'accepted' } : { zh: '拒绝', en: 'declined' }, at: current.decided_at ?? at });
    }
    return this.get(principal, id);
  }

  /** The patient an inbound referral is matched to, for audit entries of calls that name only the referral. */
  async patientOf(id: string): Promise<string | null> {
    return (await store.findInbound(this.db, id))?.patient_id ?? null;
  }

  private parse(body: unknown): InboundReferralInput {
    const parsed = parseServiceRequest(body);
    if (parsed.ok) return parsed.value;
    if (parsed.problem === 'invalid') throw new AppError(Errors.REFERRAL_SERVICE_REQUEST_INVALID, { count: parsed.issues.length }, parsed.issues.map((i) => ({ path: i.expression, message: i.message })));
    if (parsed.problem === 'too-large') throw new AppError(Errors.REFERRAL_ATTACHMENT_TOO_LARGE, { max: MIB(ATTACHMENT_LIMITS.eachBytes), total: MIB(ATTACHMENT_LIMITS.totalBytes), which: parsed.which });
    throw new AppError(Errors.REFERRAL_ATTACHMENT_TYPE, { which: parsed.which });
  }

  /**
   * Our patient when the MRN or ID card number names exactly one and no identifier names another;
   * otherwise unmatched, for the department to sort out — never a guess.
   */
  private async match(identifiers: readonly { system: string; value: string }[]): Promise<{ patientId: string | null; matchedBy: string | null }> {
    const found = new Map<string, Set<string>>();
    for (const { system, value } of identifiers) {
      const kind = system === MRN_SYSTEM ? 'mrn' : system === ID_CARD_SYSTEM ? 'id-card' : null;
      if (!kind || value.length > 64) continue;
      const patientId = await this.patients.resolveIdentifier(kind, value);
      if (!patientId) continue;
      found.set(patientId, (found.get(patientId) ?? new Set()).add(kind));
    }
    const [only, ...others] = [...found];
    if (!only || others.length) return { patientId: null, matchedBy: null };
    return { patientId: only[0], matchedBy: [...only[1]].sort().reverse().join('+') };
  }

  /** A referral of the caller's own department, to one of its clinicians; 404 to everyone else. */
  private async visible(principal: UserPrincipal, id: string): Promise<InboundReferralRow> {
    const row = await store.findInbound(this.db, id);
    if (!row || !isClinician(principal) || row.department_id !== principal.departmentId) throw new AppError(Errors.INBOUND_REFERRAL_NOT_FOUND);
    return row;
  }

  private async present(rows: InboundReferralRow[], detailed: boolean): Promise<InboundReferralView[]> {
    const [institutions, departments, people, attachments] = await Promise.all([
      store.institutionNames(this.db, rows.map((r) => r.institution_id)),
      store.departmentNames(this.db, rows.map((r) => r.department_id)),
      store.userNames(this.db, rows.flatMap((r) => (r.decided_by ? [r.decided_by] : []))),
      store.attachmentFacts(this.db, rows.map((r) => r.id)),
    ]);
    return Promise.all(
      rows.map(async (row) => {
        const stored = await open<Record<string, unknown>>(this.keyring, row.resource, inboundAad(row.id, row.institution_id));
        const reason = row.decision_reason ? await open<string>(this.keyring, row.decision_reason, decisionAad(row.id)) : null;
        return presentInbound(row, { stored, decisionReason: reason, institution: institutions.get(row.institution_id) ?? null, department: departments.get(row.department_id) ?? null, decidedBy: row.decided_by ? (people.get(row.decided_by) ?? '') : null, attachments: attachments.get(row.id) ?? [], detailed });
      }),
    );
  }
}

function isClinician(principal: UserPrincipal): boolean {
  return principal.roles.includes('staff') || principal.roles.includes('dept_head');
}
