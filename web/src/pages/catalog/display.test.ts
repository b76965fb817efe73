import { describe, expect, it } from 'vitest';
import type { Department } from '../../api/types';
import { canEditResource, fhirPathBranches, identifierKindColor, isLevel, isShareType, levelColor, ownDepartmentCode, shareTypeColor } from './display';

const department = (id: string, code: string): Department => ({
  id,
  code,
  name: { zh: code, en: code },
  type: 'clinical',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const departments = [department('d-jyk', 'JYK'), department('d-nk', 'NK')];

describe('levelColor', () => {
  it('runs from green to red with the level', () => {
    expect([1, 2, 3, 4, 5].map(levelColor)).toEqual(['green', 'cyan', 'gold', 'orange', 'red']);
  });
  it('stays neutral for a level it does not know', () => {
    expect(levelColor(0)).toBe('default');
    expect(levelColor(6)).toBe('default');
  });
});

describe('tag colours', () => {
  it('gives each share type and identifier kind its colour', () => {
    expect(shareTypeColor('unconditional')).toBe('green');
    expect(shareTypeColor('not_shareable')).toBe('volcano');
    expect(shareTypeColor('later')).toBe('default');
    expect(identifierKindColor('direct')).toBe('red');
    expect(identifierKindColor('none')).toBe('default');
  });

  it('recognises only the server’s values', () => {
    expect(isShareType('conditional')).toBe(true);
    expect(isShareType('CONDITIONAL')).toBe(false);
    expect(isLevel(5)).toBe(true);
    expect(isLevel('5')).toBe(false);
  });
});

describe('canEditResource', () => {
  it('lets the information administrator edit everything', () => {
    expect(canEditResource({ roles: ['info_admin'], departmentId: null }, departments, 'JYK')).toBe(true);
    expect(canEditResource({ roles: ['info_admin'], departmentId: null }, departments, null)).toBe(true);
  });

  it('lets a department head edit only their own department’s resources', () => {
    const head = { roles: ['dept_head', 'staff'] as const, departmentId: 'd-jyk' };
    expect(canEditResource({ ...head, roles: [...head.roles] }, departments, 'JYK')).toBe(true);
    expect(canEditResource({ ...head, roles: [...head.roles] }, departments, 'NK')).toBe(false);
    expect(canEditResource({ ...head, roles: [...head.roles] }, departments, null)).toBe(false);
  });

  it('does not guess while the departments are unknown', () => {
    expect(canEditResource({ roles: ['dept_head'], departmentId: 'd-jyk' }, [], 'JYK')).toBe(false);
    expect(canEditResource({ roles: ['dept_head'], departmentId: null }, departments, 'JYK')).toBe(false);
  });
});

describe('ownDepartmentCode', () => {
  it('finds the code of the user’s department', () => {
    expect(ownDepartmentCode({ departmentId: 'd-nk' }, departments)).toBe('NK');
    expect(ownDepartmentCode({ departmentId: null }, departments)).toBeUndefined();
  });
});

describe('fhirPathBranches', () => {
  it('splits a FHIRPath union into its branches', () => {
    expect(fhirPathBranches('DiagnosticReport.subject | Observation.subject')).toEqual(['DiagnosticReport.subject', 'Observation.subject']);
    expect(fhirPathBranches("Patient.identifier.where(system='x')")).toEqual(["Patient.identifier.where(system='x')"]);
  });
});
