import { describe, expect, it } from 'vitest';
import { participantObjectKind } from './participant-object-kind.js';

describe('participantObjectKind', () => {
  it('classifies object types, defaulting to a domain resource', () => {
    expect(participantObjectKind('patient').role?.code).toBe('1');
    expect(participantObjectKind('API_CLIENT').role?.code).toBe('11');
    expect(participantObjectKind('department').type.code).toBe('3');
    expect(participantObjectKind('institution').role).toBeUndefined();
    expect(participantObjectKind('audit_log').role?.code).toBe('13');
    expect(participantObjectKind('lab_result').role?.code).toBe('4');
    expect(participantObjectKind(null).role?.code).toBe('4');
  });
});
