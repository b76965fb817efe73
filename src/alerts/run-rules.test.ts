import { describe, expect, it } from 'vitest';
import { POLICY_SETTINGS } from '../policy/index.js';
import { lookBackMinutes, runRules, type ChunkContext } from './run-rules.js';
import type { AlertRuleSettings } from './rule-types.js';
import { patientIds, readOf, searchOf } from '../../test/support/alert-entries.js';

const defaults = POLICY_SETTINGS['supervision.alertRules'].defaultValue as AlertRuleSettings;
const context = (entries: ChunkContext['entries'], lookBack: ChunkContext['lookBack'] = []): ChunkContext => ({
  entries,
  lookBack,
  exportHistory: [],
  levelOf: () => 4,
  staffOf: (patient) => (patient === 'p-staff' ? 'u-zhao' : undefined),
  subjectByName: () => undefined,
  prior: new Map(),
});

describe('running the rules over a chunk', () => {
  it('runs the enabled rules over the chunk, with the look-back for the window rules', () => {
    const settings = { ...defaults, bulkAccess: { ...defaults.bulkAccess, maxPatients: 10 } };
    const earlier = searchOf(patientIds(8), '2026-11-25T02:00:00Z');
    const now = [searchOf(patientIds(12).slice(8), '2026-11-25T02:10:00Z'), readOf('p-staff', '2026-11-25T02:11:00Z')];
    expect(runRules(settings, context(now, [earlier])).map((a) => a.rule).sort()).toEqual(['bulk-access', 'staff-patient']);
    expect(runRules(settings, context(now)).map((a) => a.rule)).toEqual(['staff-patient']);
  });

  it('leaves switched-off rules out, and their windows out of the look-back', () => {
    const off = { ...defaults, staffPatient: { enabled: false }, bulkAccess: { ...defaults.bulkAccess, enabled: false } };
    expect(runRules(off, context([readOf('p-staff', '2026-11-25T02:11:00Z')]))).toEqual([]);
    expect(lookBackMinutes(defaults)).toBe(60);
    expect(lookBackMinutes(off)).toBe(15);
    expect(runRules(defaults, context([]))).toEqual([]);
  });
});
