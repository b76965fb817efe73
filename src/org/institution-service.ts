import type { Kysely } from 'kysely';
import { isUniqueViolation, type Database } from '../db/index.js';
import { AppError, Errors } from '../http/errors.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { findInstitution, insertInstitution, listInstitutions, updateInstitution } from './institution-store.js';
import { presentInstitution, type InstitutionView, type LocalizedName } from './presenters.js';
import type { InstitutionKind, InstitutionRow } from './tables.js';

export interface NewInstitution {
  code: string;
  name: LocalizedName;
  kind: InstitutionKind;
  agreementStart?: string | null;
  agreementEnd?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface InstitutionChanges extends Partial<Omit<NewInstitution, 'code'>> {
  status?: InstitutionRow['status'];
}

function checkAgreement(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start) throw new AppError(Errors.AGREEMENT_DATES_INVALID);
}

export class InstitutionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<InstitutionView[]> {
    return (await listInstitutions(this.db)).map(presentInstitution);
  }

  async get(id: string): Promise<InstitutionView> {
    return presentInstitution(await this.require(id));
  }

  async require(id: string): Promise<InstitutionRow> {
    const row = await findInstitution(this.db, id);
    if (!row) throw new AppError(Errors.INSTITUTION_NOT_FOUND);
    return row;
  }

  async create(input: NewInstitution): Promise<InstitutionView> {
    checkAgreement(input.agreementStart, input.agreementEnd);
    const now = this.clock().toISOString();
    const row: InstitutionRow = {
      id: newId(),
      code: input.code,
      name_zh: input.name.zh,
      name_en: input.name.en,
      kind: input.kind,
      status: 'active',
      agreement_start: input.agreementStart ?? null,
      agreement_end: input.agreementEnd ?? null,
      contact_name: input.contactName ?? null,
      contact_phone: input.contactPhone ?? null,
      created_at: now,
      updated_at: now,
    };
    try {
      await insertInstitution(this.db, row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError(Errors.INSTITUTION_CODE_TAKEN, { code: input.code });
      throw error;
    }
    return presentInstitution(row);
  }

  async update(id: string, changes: InstitutionChanges): Promise<InstitutionView> {
    const existing = await this.require(id);
    checkAgreement(changes.agreementStart !== undefined ? changes.agreementStart : existing.agreement_start, changes.agreementEnd !== undefined ? changes.agreementEnd : existing.agreement_end);
    await updateInstitution(this.db, id, {
      ...(changes.name && { name_zh: changes.name.zh, name_en: changes.name.en }),
      ...(changes.kind && { kind: changes.kind }),
      ...(changes.status && { status: changes.status }),
      ...(changes.agreementStart !== undefined && { agreement_start: changes.agreementStart }),
      ...(changes.agreementEnd !== undefined && { agreement_end: changes.agreementEnd }),
      ...(changes.contactName !== undefined && { contact_name: changes.contactName }),
      ...(changes.contactPhone !== undefined && { contact_phone: changes.contactPhone }),
      updated_at: this.clock().toISOString(),
    });
    return this.get(id);
  }
}
