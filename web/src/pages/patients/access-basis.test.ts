import { describe, expect, it } from 'vitest';
import { basisColor, basisKey, maskedByReason, parseBasis } from './access-basis';

describe('parseBasis', () => {
  it('reads the four rules of the access decision', () => {
    expect(parseBasis('department')).toEqual({ kind: 'department', id: null, raw: 'department' });
    expect(parseBasis('care-team')).toEqual({ kind: 'care-team', id: null, raw: 'care-team' });
    expect(parseBasis('grant:9f1c')).toEqual({ kind: 'grant', id: '9f1c', raw: 'grant:9f1c' });
    expect(parseBasis('emergency:e-42')).toEqual({ kind: 'emergency', id: 'e-42', raw: 'emergency:e-42' });
  });

  it('keeps a basis it does not know as the server sent it', () => {
    expect(parseBasis('none')).toEqual({ kind: null, id: null, raw: 'none' });
    expect(parseBasis('grant:')).toEqual({ kind: null, id: null, raw: 'grant:' });
    expect(parseBasis('delegation:x')).toEqual({ kind: null, id: null, raw: 'delegation:x' });
  });
});

describe('basis colours and keys', () => {
  it('flags emergency reads red and keeps unknown ones neutral', () => {
    expect(basisColor('emergency')).toBe('red');
    expect(basisColor('department')).toBe('blue');
    expect(basisColor('care-team')).toBe('green');
    expect(basisColor('grant')).toBe('purple');
    expect(basisColor(null)).toBe('default');
  });

  it('names the care team without a hyphen for the translation key', () => {
    expect(basisKey('care-team')).toBe('careTeam');
    expect(basisKey('grant')).toBe('grant');
  });
});

describe('maskedByReason', () => {
  it('groups masked fields by reason, keeping the server’s order', () => {
    const groups = maskedByReason([
      { field: 'name', strategy: 'name', reason: 'outside-grant' },
      { field: 'patient', strategy: 'pseudonym', reason: 'profile' },
      { field: 'phone', strategy: 'phone', reason: 'outside-grant' },
    ]);
    expect(groups.map((g) => [g.reason, g.fields.map((f) => f.field)])).toEqual([
      ['outside-grant', ['name', 'phone']],
      ['profile', ['patient']],
    ]);
    expect(maskedByReason([])).toEqual([]);
  });
});
