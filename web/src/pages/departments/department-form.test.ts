import { describe, expect, it } from 'vitest';
import type { Department } from '../../api/types';
import { DEPARTMENT_CODE_PATTERN, departmentChanges, newDepartment, type DepartmentFormValues } from './department-form';

const department: Department = {
  id: 'd1',
  code: 'NK',
  name: { zh: 'Neike', en: 'Internal Medicine' },
  type: 'clinical',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

const values: DepartmentFormValues = { code: 'NK', name: { zh: 'Neike', en: 'Internal Medicine' }, type: 'clinical', status: 'active' };

describe('department form', () => {
  it('creates with trimmed names and without a status', () => {
    expect(newDepartment({ ...values, code: 'XK ', name: { zh: ' Xinke ', en: ' New ' } })).toEqual({
      code: 'XK',
      name: { zh: 'Xinke', en: 'New' },
      type: 'clinical',
    });
  });

  it('patches only what changed, and the name as a whole', () => {
    expect(departmentChanges(department, values)).toEqual({});
    expect(departmentChanges(department, { ...values, name: { zh: 'Neike', en: 'General Medicine' }, status: 'inactive' })).toEqual({
      name: { zh: 'Neike', en: 'General Medicine' },
      status: 'inactive',
    });
  });

  it.each([
    ['NK', true],
    ['JZK_2', true],
    ['nk', false],
    ['N', false],
    ['1NK', false],
  ])('code %s valid: %s', (code, valid) => {
    expect(DEPARTMENT_CODE_PATTERN.test(code)).toBe(valid);
  });
});
