#!/usr/bin/env node
// The access decision itself — `compileScope` + `firstMatch` from dist/server/access/scope.js, the
// pure part of every single read — in a tight loop with realistic inputs. Target: ≤ 10 µs median.
//
//   node --expose-gc bench/access-decision.mjs [--batches 300] [--batch 2000] [--out result.json | --json]
//
// Each scenario builds its inputs the way AccessService does for one read (reader facts, the
// catalog resource from the built-in catalog, candidate grants as the store returns them, active
// emergencies, the record's facts) and then times `batch` decisions at a time, `batches` times;
// the figure is the median over batches of (batch time ÷ batch). A new Date per decision, as the
// service reads its clock per request. Every decision's outcome is checked against the expected
// basis, so a fast wrong answer cannot pass.
import { ensureServerBuilt } from './lib/build.mjs';

ensureServerBuilt();
const { parseFlags, numberList, emitResult, summarise, collectGarbage, importDist } = await import('./access-lib.mjs');
const { compileScope, firstMatch } = await importDist('access/scope.js');
const { BUILTIN_CATALOG } = await importDist('catalog/builtin/index.js');

const flags = parseFlags();
const [batches] = numberList(flags.batches, [300]);
const [batchSize] = numberList(flags.batch, [2000]);
const log = (line) => console.error(`[decision] ${line}`);

const definition = (code) => {
  const d = BUILTIN_CATALOG.find((entry) => entry.code === code);
  if (!d) throw new Error(`no built-in catalog resource ${code}`);
  return { code: d.code, ownerDepartmentCode: d.ownerDepartmentCode, defaultLevel: d.defaultLevel, specialCategory: d.specialCategory, category: d.category, shareType: d.shareType, patientData: d.category !== 'management' };
};

const uuid = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const users = { li: uuid(1), medical: uuid(2), wang: uuid(3), admin: uuid(9) };
const departments = { WK: uuid(101), YWB: uuid(102), NK: uuid(103) };
const patient = uuid(5001);
const validFrom = new Date(Date.now() - 86_400_000).toISOString();
const validTo = new Date(Date.now() + 30 * 86_400_000).toISOString();

function grant(id, overrides) {
  return {
    id: uuid(id),
    grantee: { kind: 'user', id: users.li },
    catalogCode: 'CLIN_PATIENT',
    fields: ['gender', 'birthDate', 'maritalStatus', 'emergencyContactRelationship'],
    patientScope: { kind: 'patients', patientIds: [] },
    purpose: 'treatment',
    channel: 'api',
    validFrom,
    validTo,
    status: 'active',
    maskingProfile: 'identified',
    shareRequestId: null,
    reason: 'consultation',
    createdBy: users.admin,
    createdAt: validFrom,
    statusChangedAt: null,
    statusChangedBy: null,
    statusReason: null,
    ...overrides,
  };
}

// What candidateGrants returns for dr.li: grants addressed to him or his department for this
// resource — one for another purpose, one for the export channel, one by criteria, and the one
// that opens this patient (explicit list).
const candidates = [
  grant(201, { purpose: 'research', maskingProfile: 'de-identified' }),
  grant(202, { channel: 'export' }),
  grant(203, { grantee: { kind: 'department', id: departments.WK }, patientScope: { kind: 'criteria', criteria: { departmentCode: 'WK', from: '2026-01-01T00:00:00.000Z' } } }),
  grant(204),
];
const facts = (overrides) => ({ patientId: patient, departmentCode: 'YWB', effectiveAt: '2026-11-20T08:00:00.000Z', level: 4, onCareTeam: false, listedIn: new Set(), diagnosedFor: new Set(), ...overrides });

const SCENARIOS = [
  {
    name: 'grant',
    description: 'dr.li (外科) reads a Patient under an explicit-list grant: department rule empty, care-team clause compiled but not met, 4 candidate grants of which 2 apply',
    input: {
      reader: { userId: users.li, departmentId: departments.WK, institutionId: null, roles: ['staff'], departmentCode: 'WK', staffKey: 'dr.li' },
      resource: definition('CLIN_PATIENT'),
      purpose: 'treatment',
      channel: 'api',
      afterDischargeHours: 72,
      grants: candidates,
      emergencies: [],
    },
    facts: facts({ listedIn: new Set([uuid(204)]) }),
    expect: `grant:${uuid(204)}`,
  },
  {
    name: 'department',
    description: 'staff.medical (医务部, owner of CLIN_PATIENT) reads a Patient: rule 1 answers first',
    input: {
      reader: { userId: users.medical, departmentId: departments.YWB, institutionId: null, roles: ['staff'], departmentCode: 'YWB', staffKey: 'staff.medical' },
      resource: definition('CLIN_PATIENT'),
      purpose: 'treatment',
      channel: 'api',
      afterDischargeHours: 72,
      grants: [],
      emergencies: [],
    },
    facts: facts(),
    expect: 'department',
  },
  {
    name: 'care-team',
    description: 'dr.wang (内科) reads a lab report of a patient on his open admission: rule 2',
    input: {
      reader: { userId: users.wang, departmentId: departments.NK, institutionId: null, roles: ['staff'], departmentCode: 'NK', staffKey: 'dr.wang' },
      resource: definition('CLIN_LAB_REPORT'),
      purpose: 'treatment',
      channel: 'api',
      afterDischargeHours: 72,
      grants: [],
      emergencies: [],
    },
    facts: facts({ departmentCode: 'JYK', onCareTeam: true }),
    expect: 'care-team',
  },
  {
    name: 'emergency',
    description: 'dr.wang reads a lab report under an open emergency access (two open windows)',
    input: {
      reader: { userId: users.wang, departmentId: departments.NK, institutionId: null, roles: ['staff'], departmentCode: 'NK', staffKey: 'dr.wang' },
      resource: definition('CLIN_LAB_REPORT'),
      purpose: 'treatment',
      channel: 'api',
      afterDischargeHours: 72,
      grants: [],
      emergencies: [
        { id: uuid(301), patientId: uuid(5002), expiresAt: validTo },
        { id: uuid(302), patientId: patient, expiresAt: validTo },
      ],
    },
    facts: facts({ departmentCode: 'JYK' }),
    expect: `emergency:${uuid(302)}`,
  },
  {
    name: 'denied',
    description: 'dr.li reads a Patient outside every rule (grants present but patient not listed): all clauses tested, none matches',
    input: {
      reader: { userId: users.li, departmentId: departments.WK, institutionId: null, roles: ['staff'], departmentCode: 'WK', staffKey: 'dr.li' },
      resource: definition('CLIN_PATIENT'),
      purpose: 'treatment',
      channel: 'api',
      afterDischargeHours: 72,
      grants: candidates,
      emergencies: [],
    },
    facts: facts(),
    expect: null,
  },
];

function decide(scenario) {
  const clauses = compileScope({ ...scenario.input, now: new Date() });
  return firstMatch(clauses, scenario.facts);
}

const result = { benchmark: 'access-decision', batches, batchSize, node: process.version, scenarios: [] };
for (const scenario of SCENARIOS) {
  const first = decide(scenario);
  if ((first?.basis ?? null) !== scenario.expect) throw new Error(`${scenario.name}: decided ${first?.basis ?? 'deny'}, expected ${scenario.expect ?? 'deny'}`);
}
// Warm every scenario first so the JIT has seen all shapes before any is timed.
for (let i = 0; i < 50_000; i++) decide(SCENARIOS[i % SCENARIOS.length]);
for (const scenario of SCENARIOS) {
  await collectGarbage();
  for (let i = 0; i < 20_000; i++) decide(scenario);
  const perDecisionNs = [];
  let wrong = 0;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batchSize; i++) {
      const clause = decide(scenario);
      if ((clause?.basis ?? null) !== scenario.expect) wrong++;
    }
    perDecisionNs.push(Number(process.hrtime.bigint() - start) / batchSize);
  }
  if (wrong) throw new Error(`${scenario.name}: ${wrong} wrong decisions`);
  const s = summarise(perDecisionNs);
  const clauses = compileScope({ ...scenario.input, now: new Date() });
  result.scenarios.push({ name: scenario.name, description: scenario.description, clauses: clauses.map((c) => c.basis.replace(/:.*/, ':…')), medianNs: s.median, p90Ns: s.p90, p99Ns: s.p99, minNs: s.min, decisions: batches * batchSize });
  log(`${scenario.name.padEnd(10)} median ${(s.median / 1000).toFixed(2)} µs, p99 ${(s.p99 / 1000).toFixed(2)} µs per decision (${clauses.length} clauses)`);
}

// What one decision is made of, timed the same way (median ns per call).
function component(name, fn) {
  for (let i = 0; i < 20_000; i++) fn();
  const per = [];
  for (let b = 0; b < Math.max(20, Math.floor(batches / 3)); b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batchSize; i++) fn();
    per.push(Number(process.hrtime.bigint() - start) / batchSize);
  }
  return { name, medianNs: summarise(per).median };
}
const grantScenario = SCENARIOS[0];
const fixedNow = new Date();
const compiled = compileScope({ ...grantScenario.input, now: fixedNow });
let sink = 0;
result.components = [
  component('`compileScope` alone (grant scenario)', () => (sink += compileScope({ ...grantScenario.input, now: fixedNow }).length)),
  component('`firstMatch` alone (grant scenario)', () => (sink += firstMatch(compiled, grantScenario.facts) ? 1 : 0)),
  component('`Date.parse` of one ISO timestamp (isLive parses validFrom and validTo of every candidate grant)', () => (sink += Date.parse(validTo))),
  component('`new Date(ms).toISOString()` (the care-team window bound)', () => (sink += new Date(fixedNow.getTime() - 72 * 3_600_000).toISOString().length)),
];
if (sink === 42) log('');
for (const c of result.components) log(`${c.name}: ${c.medianNs.toFixed(0)} ns`);

emitResult(flags, result);
