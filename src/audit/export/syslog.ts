import type { AuditEntry, AuditOutcome } from '../entry.js';
import { AUDIT_EVENT_CODES, OUTCOME_CODES, type EventCodes } from './audit-event-codes.js';
import type { EntryExtras, ExportContext } from './export-context.js';
import { toInstant } from './instant.js';
import { participantObjectKind } from './participant-object-kind.js';
import { actReasonFor } from './purpose-of-use.js';
import { NILVALUE, headerField, sdElement, type SdParam } from './syslog-escape.js';
import { syslogMessage } from './syslog-message.js';

/**
 * Facility 10, security/authorization ("authpriv"). IHE ATNA (ITI-20) requires it for audit
 * records, and syslog daemons by default keep authpriv out of the general log (/var/log/messages,
 * /var/log/syslog) and write it to its own restricted file (/var/log/secure, auth.log). Facility 13
 * ("log audit") has no default rule and would land in the general log that many people and tools
 * read — and these lines carry patient ids.
 */
export const SYSLOG_FACILITY = 10;

/**
 * Severity from the outcome, so a collector can alert on denials and errors from the PRI alone.
 * ATNA suggests 5 (notice) or 4 (warning) throughout; a flat value would hide exactly the lines
 * worth an alert, and routine successes are informational.
 */
export const SYSLOG_SEVERITY: Readonly<Record<AuditOutcome, number>> = {
  success: 6, // informational
  denied: 4, // warning: the policy stopped someone
  error: 3, // error: the action broke
};

export const APP_NAME = 'yixiang';

/**
 * SD-ID in the private `name@<enterprise number>` form (RFC 5424 §7.2.2). 32473 is the IANA
 * enterprise number reserved for documentation (RFC 5612): Yixiang has no PEN of its own yet, and
 * borrowing a real one would claim someone else's namespace; a registered PEN takes its place.
 */
export const SD_ID = 'yixiang@32473';

// RFC 5424 §6.4: a UTF-8 MSG starts with a BOM. Names and reasons may be Chinese, so the MSG is
// UTF-8; transliterating to keep it ASCII would lose exactly what an auditor reads.
const BOM = '\uFEFF';

/**
 * The RFC 3881 / DICOM ATNA field names where one exists, so ATNA-minded tooling recognises them;
 * Yixiang-only facts (grant, access basis, seq…) get plain names of our own. Repeated names
 * (EventTypeCode, RoleIDCode) are allowed by RFC 5424 §6.3.3.
 */
function structuredData(entry: AuditEntry, context: ExportContext, extras: EntryExtras, codes: EventCodes): string {
  const { actor } = entry;
  const userId = actor.name ?? actor.id;
  const hasObject = entry.objectType !== null || entry.objectId !== null;
  const kind = participantObjectKind(entry.objectType);
  const params: SdParam[] = [
    ['EventID', codes.type.code],
    ...codes.subtype.map((coding): SdParam => ['EventTypeCode', coding.code]),
    ['EventActionCode', codes.action],
    ['EventDateTime', toInstant(entry.recordedAt) ?? entry.recordedAt],
    ['EventOutcomeIndicator', OUTCOME_CODES[entry.outcome]],
    ['EventOutcomeDescription', entry.reason],
    ['UserID', userId],
    ['AlternativeUserID', actor.id !== userId ? actor.id : null],
    ['UserName', actor.name],
    ['UserIsRequestor', 'true'],
    ['ActorType', actor.type],
    ...actor.roles.map((role): SdParam => ['RoleIDCode', role]),
    ['DepartmentID', actor.departmentId],
    ['NetworkAccessPointTypeCode', entry.sourceIp === null ? null : '2'],
    ['NetworkAccessPointID', entry.sourceIp],
    ['UserAgent', entry.userAgent],
    ['ParticipantObjectTypeCode', hasObject ? kind.type.code : null],
    ['ParticipantObjectTypeCodeRole', hasObject ? kind.role?.code : null],
    ['ParticipantObjectIDTypeCode', entry.objectType],
    ['ParticipantObjectID', entry.objectId],
    ['PatientID', entry.patientId],
    ['PurposeOfUse', entry.purposeOfUse],
    ['PurposeOfUseCode', entry.purposeOfUse === null ? null : actReasonFor(entry.purposeOfUse)?.code],
    ['GrantID', entry.grantId],
    ['AccessBasis', entry.accessBasis],
    ['RequestID', entry.requestId],
    ['AuditSourceID', context.serverId],
    ['AuditEnterpriseSiteID', context.hospitalName],
    ['Seq', String(entry.seq)],
    ['LeafHash', extras.leafHash],
  ];
  return sdElement(SD_ID, params);
}

/**
 * One audit entry as one RFC 5424 line (without the transport's framing or trailing newline):
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] BOM MSG`. The `details` object is not
 * carried: it is free-form and up to 4 KB, which would push lines past the 2048 octets every
 * receiver is asked to accept (RFC 5424 §6.1); the NDJSON and FHIR exports keep it.
 * This is a line for SIEMs and log collectors, not an ATNA ITI-20 message (that one fixes MSGID to
 * "IHE+RFC-3881" and carries RFC 3881 XML in MSG); ATNA repositories take the FHIR export instead.
 */
export function toSyslogLine(entry: AuditEntry, context: ExportContext, extras: EntryExtras = {}): string {
  const codes: EventCodes | undefined = AUDIT_EVENT_CODES[entry.action];
  if (codes === undefined) throw new RangeError(`audit entry ${entry.seq}: no syslog mapping for action ${String(entry.action)}`);
  const pri = SYSLOG_FACILITY * 8 + SYSLOG_SEVERITY[entry.outcome];
  const header = [
    `<${pri}>1`,
    toInstant(entry.recordedAt) ?? NILVALUE,
    headerField(context.hostname, 255),
    headerField(APP_NAME, 48),
    headerField(context.procId, 128),
    headerField(entry.action, 32),
  ].join(' ');
  return `${header} ${structuredData(entry, context, extras, codes)} ${BOM}${syslogMessage(entry)}`;
}
