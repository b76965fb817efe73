import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../entry.js';
import { AUDIT_EVENT_CODES, OUTCOME_CODES, SYSTEMS } from './audit-event-codes.js';

describe('the action mapping table', () => {
  it('maps every action to complete codings from the right systems', () => {
    for (const action of AUDIT_ACTIONS) {
      const codes = AUDIT_EVENT_CODES[action];
      for (const coding of [codes.type, ...codes.subtype, codes.serverRole, ...(codes.actorType ? [codes.actorType] : [])]) {
        expect(coding.system, action).toMatch(/^https?:\/\//);
        expect(coding.code, action).toMatch(/^\S+$/);
        expect(coding.display, action).toBeTruthy();
      }
      // FHIR R4 AuditEvent.type is bound to audit-event-type (rest) plus the DICOM event ids.
      expect([SYSTEMS.auditEventType, SYSTEMS.dicom]).toContain(codes.type.system);
    }
  });

  it('uses RESTful interactions exactly for the data-access actions', () => {
    const rest = AUDIT_ACTIONS.filter((action) => AUDIT_EVENT_CODES[action].type.code === 'rest');
    expect(rest).toEqual(['read', 'search', 'create', 'update', 'delete']);
    expect(rest.map((action) => AUDIT_EVENT_CODES[action].action)).toEqual(['R', 'E', 'C', 'U', 'D']);
  });

  it('maps outcomes to the RFC 3881 indicators', () => {
    expect(OUTCOME_CODES).toEqual({ success: '0', denied: '4', error: '8' });
  });
});
