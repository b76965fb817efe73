import type { ActorType, AuditEntry } from '../entry.js';
import { APPLICATION_SERVER, AUDIT_EVENT_CODES, OUTCOME_CODES, type EventCodes } from './audit-event-codes.js';
import type { EntryExtras, ExportContext } from './export-context.js';
import { auditEventEntities } from './fhir-audit-entities.js';
import type { AuditEventAgent, FhirAuditEvent, Reference } from './fhir-types.js';
import { toInstant } from './instant.js';
import { purposeOfEvent } from './purpose-of-use.js';
import { urnPart } from './urn-part.js';

export const SERVER_SYSTEM = 'urn:yixiang:server';
export const ROLE_SYSTEM = 'urn:yixiang:role';

/**
 * Identifier systems per actor type. Anonymous callers have none: whatever name they typed (a
 * failed login's username) is an unverified claim, so it is shown, never presented as an identity.
 */
export const ACTOR_SYSTEMS: Readonly<Record<ActorType, string | null>> = {
  user: 'urn:yixiang:user',
  api_client: 'urn:yixiang:api-client',
  system: 'urn:yixiang:system',
  anonymous: null,
};

function actorWho(entry: AuditEntry): Reference {
  const { actor } = entry;
  const system = ACTOR_SYSTEMS[actor.type];
  const value = actor.name ?? actor.id;
  if (system === null || value === null) return { display: value ?? actor.type };
  return actor.name === null ? { identifier: { system, value } } : { identifier: { system, value }, display: actor.name };
}

/** The person or client that asked: BALP's user agent, who is always the requestor. */
function actorAgent(entry: AuditEntry, codes: EventCodes): AuditEventAgent {
  const { actor } = entry;
  const who = actorWho(entry);
  // In FHIR's element order: type, role, who, altId, name, requestor, policy, network.
  return {
    ...(codes.actorType ? { type: { coding: [{ ...codes.actorType }] } } : {}),
    ...(actor.roles.length > 0 ? { role: actor.roles.map((role) => ({ coding: [{ system: ROLE_SYSTEM, code: role }] })) } : {}),
    who,
    // The username is the identifier (humans search by it); the internal id stays reachable as altId.
    ...(actor.id !== null && actor.id !== who.identifier?.value ? { altId: actor.id } : {}),
    ...(actor.name !== null ? { name: actor.name } : {}),
    requestor: true,
    // The rule that let this happen (department, care-team, grant:<id>, emergency:<id>) is the
    // policy that authorised the event, which is what agent.policy records.
    ...(entry.accessBasis !== null ? { policy: [`urn:yixiang:access-basis:${urnPart(entry.accessBasis)}`] } : {}),
    ...(entry.sourceIp !== null ? { network: { address: entry.sourceIp, type: '2' as const } } : {}),
  };
}

/** The Yixiang server as the other participant, as BALP pairs a client with a server agent. */
function serverAgent(context: ExportContext, codes: EventCodes): AuditEventAgent {
  return {
    type: { coding: [{ ...codes.serverRole }] },
    who: { identifier: { system: SERVER_SYSTEM, value: context.serverId }, display: context.hospitalName },
    requestor: false,
    ...(context.hostname !== '' ? { network: { address: context.hostname, type: '1' as const } } : {}),
  };
}

/**
 * One audit entry as a FHIR R4 AuditEvent shaped after the IHE BALP patterns. No meta.profile is
 * claimed: BALP profiles fix slices we fill only partly (e.g. the client machine as a separate
 * agent), and a false conformance claim is worse than none.
 */
export function toFhirAuditEvent(entry: AuditEntry, context: ExportContext, extras: EntryExtras = {}): FhirAuditEvent {
  const codes: EventCodes | undefined = AUDIT_EVENT_CODES[entry.action];
  // A row written by a newer version may carry an action this one does not know; mislabelling it
  // in an audit export would be worse than refusing.
  if (codes === undefined) throw new RangeError(`audit entry ${entry.seq}: no FHIR mapping for action ${String(entry.action)}`);
  const recorded = toInstant(entry.recordedAt);
  if (recorded === null) throw new RangeError(`audit entry ${entry.seq}: recordedAt is not a time: ${entry.recordedAt}`);
  const purpose = purposeOfEvent(entry.purposeOfUse);
  // Built in FHIR's element order so the JSON reads like the specification's examples.
  return {
    resourceType: 'AuditEvent',
    id: `ae-${entry.seq}`,
    type: { ...codes.type },
    ...(codes.subtype.length > 0 ? { subtype: codes.subtype.map((coding) => ({ ...coding })) } : {}),
    action: codes.action,
    recorded,
    outcome: OUTCOME_CODES[entry.outcome],
    ...(entry.reason !== null ? { outcomeDesc: entry.reason } : {}),
    ...(purpose ? { purposeOfEvent: purpose } : {}),
    agent: [actorAgent(entry, codes), serverAgent(context, codes)],
    source: {
      site: context.hospitalName,
      observer: { identifier: { system: SERVER_SYSTEM, value: context.serverId }, display: `Yixiang (${context.hospitalName})` },
      type: [{ ...APPLICATION_SERVER }],
    },
    entity: auditEventEntities(entry, extras),
  };
}
