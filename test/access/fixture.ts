/**
 * Shared set-up of the access suites: a small demo hospital on a fixed clock, the patients the
 * cases are built on (picked from the database, not hard-coded), and small helpers to call the
 * data endpoints and to count what a rule should open straight from the tables.
 */
import type { LightMyRequestResponse } from 'fastify';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock, type TestClock } from '../support/clock.js';
import type { DialectName } from '../support/databases.js';
import { DEMO_USERS } from '../../src/demo/index.js';

/** Just after the demo's open admissions started (2026-11-25T12:00Z) and within 72 h of recent discharges. */
export const T0 = new Date('2026-11-26T00:00:00.000Z');
export const AFTER_DISCHARGE_HOURS = 72;
export const MRN_SYSTEM = 'urn:yixiang:mrn';

export const DEMO_PATIENTS = 40;

export type Kind = 'patient' | 'encounter' | 'diagnosis' | 'note' | 'lab' | 'imaging' | 'prescription' | 'nursing' | 'billing' | 'reimbursement';

export const KIND_CATALOG: Record<Kind, string> = {
  patient: 'CLIN_PATIENT',
  encounter: 'CLIN_ENCOUNTER',
  diagnosis: 'CLIN_DIAGNOSIS',
  note: 'CLIN_NOTE',
  lab: 'CLIN_LAB_REPORT',
  imaging: 'CLIN_IMAGING_REPORT',
  prescription: 'CLIN_PRESCRIPTION',
  nursing: 'CLIN_NURSING',
  billing: 'FIN_BILLING',
  reimbursement: 'FIN_REIMBURSEMENT',
};
export const KINDS = Object.keys(KIND_CATALOG) as Kind[];

export interface RecordRef {
  type: string;
  id: string;
}

export interface AccessFixture {
  platform: TestApp;
  clock: TestClock;
  /** Signs in (once per clock position) and returns the session. */
  session(username: string): Promise<Session>;
  /** Forgets sessions, e.g. after the clock moved past their idle timeout. */
  resetSessions(): void;
  userId(username: string): Promise<string>;
  departmentId(code: string): Promise<string>;
  get(username: string, url: string, purpose?: string | null, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(username: string, url: string, payload: unknown): Promise<LightMyRequestResponse>;
  /** Patients whose care team includes the account within the window, as of the clock. */
  careTeam(staffKey: string): Promise<Set<string>>;
  /** One record of a patient in a catalog resource (newest first), or an error naming what is missing. */
  recordOf(patientId: string, catalogCode: string): Promise<RecordRef>;
  count(filter: { catalog: string; patients?: readonly string[]; department?: string; maxLevel?: number; since?: string }): Promise<number>;
  mrnOf(patientId: string): Promise<string>;
  /** Patients with an open encounter whose team includes dr.wang (and, in the demo, nurse.zhao and head.internal). */
  anchor: string;
  /** A patient on no demo account's care team, with records in every department. */
  stranger: string;
  /** A patient with CLIN_INFECTIOUS_RESULT (level-5) records. */
  level5Patient: string;
  level5Record: RecordRef;
  close(): Promise<void>;
}

const DEMO_STAFF_KEYS = DEMO_USERS.map((user) => user.username);

export async function openAccessFixture(dialect: DialectName, start: Date = T0): Promise<AccessFixture> {
  const clock = testClock(start);
  const platform = await createTestApp(dialect, { config: { demoPatients: DEMO_PATIENTS }, clock });
  const db = platform.database.db;
  const sessions = new Map<string, Session>();
  const session = async (username: string) => {
    let found = sessions.get(username);
    if (!found) {
      found = await signIn(platform.app, username);
      sessions.set(username, found);
    }
    return found;
  };
  const get = async (username: string, url: string, purpose: string | null = 'treatment', headers: Record<string, string> = {}) =>
    platform.app.inject({ method: 'GET', url, headers: { ...bearer(await session(username)), ...(purpose ? { 'x-purpose-of-use': purpose } : {}), ...headers } });
  const post = async (username: string, url: string, payload: unknown) => platform.app.inject({ method: 'POST', url, headers: bearer(await session(username)), payload: payload as object });

  const careTeam = async (staffKey: string) => {
    const now = clock();
    const endedAfter = new Date(now.getTime() - AFTER_DISCHARGE_HOURS * 3_600_000).toISOString();
    const rows = await db
      .selectFrom('care_team_members as c')
      .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
      .select(['c.patient_id', 'c.period_start', 'c.period_end'])
      .where('s.staff_key', '=', staffKey)
      .execute();
    return new Set(rows.filter((r) => (r.period_start === null || r.period_start <= now.toISOString()) && (r.period_end === null || r.period_end >= endedAfter)).map((r) => r.patient_id));
  };

  const recordOf = async (patientId: string, catalogCode: string): Promise<RecordRef> => {
    const row = await db.selectFrom('records').select(['resource_type', 'id']).where('patient_id', '=', patientId).where('catalog_code', '=', catalogCode).orderBy('effective_at', 'desc').orderBy('id').executeTakeFirst();
    if (!row) throw new Error(`fixture: patient ${patientId} has no ${catalogCode} record`);
    return { type: row.resource_type, id: row.id };
  };

  const count: AccessFixture['count'] = async ({ catalog, patients, department, maxLevel, since }) => {
    let query = db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('catalog_code', '=', catalog);
    if (patients) query = patients.length ? query.where('patient_id', 'in', [...patients]) : query.where('id', '=', '\u0000never');
    if (department) query = query.where('department_code', '=', department);
    if (maxLevel !== undefined) query = query.where('level', '<=', maxLevel);
    if (since) query = query.where('effective_at', '>=', since);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  try {
    // The anchor: an open encounter (no end) with dr.wang on its team.
    const open = await db
      .selectFrom('care_team_members as c')
      .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
      .select('c.patient_id')
      .where('s.staff_key', '=', 'dr.wang')
      .where('c.period_end', 'is', null)
      .where('c.period_start', '<=', start.toISOString())
      .executeTakeFirst();
    if (!open) throw new Error('fixture: no open encounter with dr.wang on its team');
    const anchor = open.patient_id;

    const level5 = await db.selectFrom('records').select(['patient_id', 'resource_type', 'id']).where('catalog_code', '=', 'CLIN_INFECTIOUS_RESULT').orderBy('id').executeTakeFirst();
    if (!level5?.patient_id) throw new Error('fixture: no level-5 (CLIN_INFECTIOUS_RESULT) record in the demo');

    // The stranger: on no demo account's care team at any time, not the level-5 patient, with records everywhere.
    const onSomeTeam = db
      .selectFrom('care_team_members as c')
      .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
      .select('c.patient_id')
      .where('s.staff_key', 'in', DEMO_STAFF_KEYS);
    const candidates = await db
      .selectFrom('records')
      .select(['patient_id', (eb) => eb.fn.count('catalog_code').distinct().as('catalogs'), (eb) => eb.fn.countAll().as('n')])
      .where('patient_id', 'is not', null)
      .where('patient_id', 'not in', onSomeTeam)
      .where('patient_id', '!=', level5.patient_id)
      .where('catalog_code', 'in', ['CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT', 'CLIN_PRESCRIPTION', 'CLIN_NURSING', 'FIN_BILLING', 'CLIN_PATIENT', 'CLIN_ENCOUNTER'])
      .groupBy('patient_id')
      .execute();
    const best = candidates.filter((c) => Number(c.catalogs) === 7).sort((a, b) => Number(b.n) - Number(a.n) || String(a.patient_id).localeCompare(String(b.patient_id)))[0];
    if (!best?.patient_id) throw new Error('fixture: no patient outside every demo care team with records in every department');

    const departments = new Map((await db.selectFrom('departments').select(['id', 'code']).execute()).map((d) => [d.code, d.id]));
    const users = new Map((await db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));

    const mrns = new Map<string, string>();
    const mrnOf = async (patientId: string) => {
      const cached = mrns.get(patientId);
      if (cached) return cached;
      const response = await get('head.medical', `/api/v1/records/Patient/${patientId}`);
      if (response.statusCode !== 200) throw new Error(`fixture: head.medical cannot read Patient/${patientId}: ${response.statusCode}`);
      const identifiers = (response.json().resource.identifier ?? []) as { system: string; value: string }[];
      const mrn = identifiers.find((i) => i.system === MRN_SYSTEM)?.value;
      if (!mrn) throw new Error(`fixture: Patient/${patientId} has no MRN`);
      mrns.set(patientId, mrn);
      return mrn;
    };

    return {
      platform,
      clock,
      session,
      resetSessions: () => sessions.clear(),
      userId: async (username) => {
        const id = users.get(username);
        if (!id) throw new Error(`fixture: no user ${username}`);
        return id;
      },
      departmentId: async (code) => {
        const id = departments.get(code);
        if (!id) throw new Error(`fixture: no department ${code}`);
        return id;
      },
      get,
      post,
      careTeam,
      recordOf,
      count,
      mrnOf,
      anchor,
      stranger: best.patient_id,
      level5Patient: level5.patient_id,
      level5Record: { type: level5.resource_type, id: level5.id },
      close: () => platform.close(),
    };
  } catch (error) {
    await platform.close();
    throw error;
  }
}

/** What a data response says about access: status, basis header, and the page total when there is one. */
export function outcome(response: LightMyRequestResponse): { status: number; basis: string | undefined; total: number | undefined } {
  const body = response.statusCode === 200 ? (response.json() as { total?: number }) : {};
  return { status: response.statusCode, basis: response.headers['x-access-basis'] as string | undefined, total: body.total };
}

export function isoPlus(date: Date, hours: number): string {
  return new Date(date.getTime() + hours * 3_600_000).toISOString();
}
