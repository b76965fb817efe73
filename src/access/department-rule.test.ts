import { describe, expect, it } from 'vitest';
import { departmentScope } from './department-rule.js';

const lab = { code: 'CLIN_LAB_REPORT', ownerDepartmentCode: 'JYK', defaultLevel: 4, specialCategory: null };
const procedures = { code: 'CLIN_PROCEDURE', ownerDepartmentCode: null, defaultLevel: 4, specialCategory: null };
const hiv = { code: 'CLIN_INFECTIOUS_RESULT', ownerDepartmentCode: 'JYK', defaultLevel: 5, specialCategory: 'infectious_disease' };

describe('departmentScope (access rule 1)', () => {
  it('gives the owning department all rows of its resource', () => {
    expect(departmentScope({ roles: ['staff'], departmentCode: 'JYK' }, lab)).toEqual({ kind: 'all' });
  });

  it('gives producing departments their own rows of per-department resources', () => {
    expect(departmentScope({ roles: ['dept_head', 'staff'], departmentCode: 'WK' }, procedures)).toEqual({ kind: 'department', departmentCode: 'WK' });
  });

  it('gives other departments nothing', () => {
    expect(departmentScope({ roles: ['staff'], departmentCode: 'NK' }, lab)).toBeNull();
  });

  it('never opens level-5 content by department ownership', () => {
    expect(departmentScope({ roles: ['staff'], departmentCode: 'JYK' }, hiv)).toBeNull();
  });

  it('gives administrators, auditors and people without a department nothing', () => {
    expect(departmentScope({ roles: ['info_admin'], departmentCode: 'JYK' }, lab)).toBeNull();
    expect(departmentScope({ roles: ['auditor'], departmentCode: 'JYK' }, lab)).toBeNull();
    expect(departmentScope({ roles: ['staff'], departmentCode: null }, lab)).toBeNull();
  });
});
