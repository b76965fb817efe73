/**
 * The stored ServiceRequest as its sender reads it back: our id, the status the receiving
 * department's decision gives it, and the decision's reason as a note.
 */
export const INBOUND_STATUSES = ['received', 'accepted', 'declined'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/** received: waiting for the department (active); accepted: the referral is taken up (completed); declined (revoked). */
export const FHIR_STATUS: Record<InboundStatus, 'active' | 'completed' | 'revoked'> = { received: 'active', accepted: 'completed', declined: 'revoked' };

export const REFERRAL_STATUS_SYSTEM = 'urn:yixiang:referral-status';

export interface ServiceRequestFacts {
  id: string;
  status: InboundStatus;
  receivedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  /** The receiving department, as the author of the decision note. */
  departmentName: string;
}

const DECISION_TEXT: Record<Exclude<InboundStatus, 'received'>, string> = { accepted: '已接收 / Accepted', declined: '已拒绝 / Declined' };

export function presentServiceRequest(stored: Record<string, unknown>, facts: ServiceRequestFacts): Record<string, unknown> {
  const notes = Array.isArray(stored.note) ? [...(stored.note as unknown[])] : [];
  if (facts.status !== 'received' && facts.decidedAt) notes.push({ authorString: facts.departmentName, time: facts.decidedAt, text: `${DECISION_TEXT[facts.status]}: ${facts.decisionReason ?? ''}`.trim() });
  return {
    resourceType: 'ServiceRequest',
    id: facts.id,
    meta: { versionId: facts.decidedAt ? '2' : '1', lastUpdated: facts.decidedAt ?? facts.receivedAt, tag: [{ system: REFERRAL_STATUS_SYSTEM, code: facts.status }] },
    ...stored,
    status: FHIR_STATUS[facts.status],
    ...(notes.length ? { note: notes } : {}),
  };
}
