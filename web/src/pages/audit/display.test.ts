import { describe, expect, it } from 'vitest';
import { abbreviateHash, detailsJson, isAuditAction, objectLabel, outcomeColor, splitRoles } from './display';

describe('abbreviateHash', () => {
  it('keeps both ends of a long digest', () => {
    expect(abbreviateHash('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328')).toBe('5dc9da79…f4604328');
  });
  it('leaves short values alone', () => {
    expect(abbreviateHash('abcdef')).toBe('abcdef');
    expect(abbreviateHash('0123456789abcdef0')).toBe('0123456789abcdef0');
  });
});

describe('splitRoles', () => {
  it('separates roles the console names from unknown ones', () => {
    expect(splitRoles(['auditor', 'legacy_role', 'staff'])).toEqual({ known: ['auditor', 'staff'], other: ['legacy_role'] });
  });
});

describe('outcomeColor', () => {
  it.each([
    ['success', 'success'],
    ['denied', 'warning'],
    ['error', 'error'],
    ['unknown', 'default'],
  ])('%s → %s', (outcome, color) => {
    expect(outcomeColor(outcome)).toBe(color);
  });
});

describe('isAuditAction', () => {
  it('knows the server actions and nothing else', () => {
    expect(isAuditAction('emergency_access')).toBe(true);
    expect(isAuditAction('toString')).toBe(false);
    expect(isAuditAction(null)).toBe(false);
  });
});

describe('objectLabel', () => {
  it('joins type and id, skipping missing parts', () => {
    expect(objectLabel('session', null)).toBe('session');
    expect(objectLabel('user', 'u1')).toBe('user / u1');
    expect(objectLabel(null, null)).toBe('');
  });
});

describe('detailsJson', () => {
  it('sorts keys at every depth and indents', () => {
    expect(detailsJson({ route: '/x', filter: { b: 1, a: [{ d: 1, c: 2 }] } })).toBe(
      '{\n  "filter": {\n    "a": [\n      {\n        "c": 2,\n        "d": 1\n      }\n    ],\n    "b": 1\n  },\n  "route": "/x"\n}',
    );
  });
});
