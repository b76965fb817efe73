import type { Kysely } from 'kysely';
import { isUniqueViolation, type Database } from '../db/index.js';
import { AppError, Errors } from '../http/errors.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { countActiveUsersIn, findDepartment, findDepartmentByCode, insertDepartment, listDepartments, updateDepartment } from './department-store.js';
import { presentDepartment, type DepartmentView, type LocalizedName } from './presenters.js';
import type { DepartmentType } from './tables.js';

export interface NewDepartment {
  code: string;
  name: LocalizedName;
  type: DepartmentType;
}

export interface DepartmentChanges {
  name?: LocalizedName;
  type?: DepartmentType;
  status?: 'active' | 'inactive';
}

export class DepartmentService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<DepartmentView[]> {
    return (await listDepartments(this.db)).map(presentDepartment);
  }

  async get(id: string): Promise<DepartmentView> {
    const row = await findDepartment(this.db, id);
    if (!row) throw new AppError(Errors.DEPARTMENT_NOT_FOUND);
    return presentDepartment(row);
  }

  async getByCode(code: string): Promise<DepartmentView> {
    const row = await findDepartmentByCode(this.db, code);
    if (!row) throw new AppError(Errors.DEPARTMENT_NOT_FOUND);
    return presentDepartment(row);
  }

  async create(input: NewDepartment): Promise<DepartmentView> {
    const now = this.clock().toISOString();
    const row = { id: newId(), code: input.code, name_zh: input.name.zh, name_en: input.name.en, type: input.type, status: 'active' as const, created_at: now, updated_at: now };
    try {
      await insertDepartment(this.db, row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError(Errors.DEPARTMENT_CODE_TAKEN, { code: input.code });
      throw error;
    }
    return presentDepartment(row);
  }

  async update(id: string, changes: DepartmentChanges): Promise<DepartmentView> {
    const existing = await findDepartment(this.db, id);
    if (!existing) throw new AppError(Errors.DEPARTMENT_NOT_FOUND);
    // Deactivating a department with active staff would strand their accounts; move them first.
    if (changes.status === 'inactive' && existing.status === 'active' && (await countActiveUsersIn(this.db, id)) > 0) {
      throw new AppError(Errors.DEPARTMENT_IN_USE);
    }
    await updateDepartment(this.db, id, {
      ...(changes.name && { name_zh: changes.name.zh, name_en: changes.name.en }),
      ...(changes.type && { type: changes.type }),
      ...(changes.status && { status: changes.status }),
      updated_at: this.clock().toISOString(),
    });
    return this.get(id);
  }
}
