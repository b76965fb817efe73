/**
 * Deterministic synthetic hospital data as FHIR R4 JSON, for demos, ingest tests and load tests.
 *
 * The stream is in dependency order — staff (Practitioner, PractitionerRole) and equipment
 * (Device) first, then each patient with everything that refers to it — so a consumer can ingest
 * it front to back and every `Type/id` reference points at something already seen. It is a
 * generator end to end: a hundred thousand patients (millions of resources) stream in constant
 * memory. All people, places and numbers are invented.
 */
import { hashInts } from './random.js';
import { DAY, type FhirResource } from './fhir.js';
import { buildDevices, buildRoster, deviceResources, staffResources } from './staff.js';
import { patientResources, type World } from './patients.js';
import { IdMint } from './random.js';

export type { FhirResource } from './fhir.js';
export { LEVEL5, LEVEL5_CODES } from './terminology.js';
export { residentIdCheckCharacter } from './identity.js';
export { ANCHOR_OFFSET, ANCHOR_STRIDE, LEVEL5_OFFSET, LEVEL5_STRIDE, STAFF_PATIENT_OFFSET, STAFF_PATIENT_STRIDE, level5At } from './patients.js';

export interface HospitalDataOptions {
  /** How many patients to generate (staff and devices come on top). */
  patients: number;
  /** Any integer; the same seed gives byte-identical output. Default 20260101. */
  seed?: number;
  /** Start of the 330-day window all clinical events fall in. Default 2026-01-01T00:00+08:00. */
  start?: Date;
}

export const DEFAULT_SEED = 20260101;
export const DEFAULT_START = new Date('2026-01-01T00:00:00+08:00');
/** Length of the simulated period; "now" for open admissions is its last instant. */
export const WINDOW_DAYS = 330;

function createWorld(options: HospitalDataOptions): World {
  if (!Number.isSafeInteger(options.patients) || options.patients < 0) throw new RangeError('patients must be a non-negative integer');
  if (options.seed !== undefined && !Number.isFinite(options.seed)) throw new RangeError('seed must be a finite number');
  const start = options.start ?? DEFAULT_START;
  const startMs = start.getTime();
  if (Number.isNaN(startMs)) throw new RangeError('start must be a valid date');
  // Fold any integer (negative, or beyond 32 bits) into the generator's 32-bit seed space.
  const seed = Math.trunc(options.seed ?? DEFAULT_SEED) >>> 0;
  const mint = new IdMint(seed, 0);
  const startYear = new Date(startMs + 8 * 3_600_000).getUTCFullYear();
  const roster = buildRoster(seed, mint, startYear);
  const devices = buildDevices(seed, mint);
  return {
    seed,
    startMs,
    endMs: startMs + WINDOW_DAYS * DAY,
    startYear,
    roster,
    devices,
    // MRNs are sequential, as hospitals issue them, from a seed-dependent base with room for 10^7 patients.
    mrnBase: 10_000_000 + (hashInts(seed, 0x4d524e) % 80_000_000),
  };
}

function* stream(world: World, patients: number): Generator<FhirResource> {
  yield* staffResources(world.roster);
  yield* deviceResources(world.devices);
  for (let index = 0; index < patients; index++) yield* patientResources(index, world);
}

/**
 * Yields plain FHIR R4 JSON resources in dependency order. Options are checked immediately, not
 * on the first `next()`, so a bad call fails where it is made.
 */
export function generateHospitalData(options: HospitalDataOptions): Generator<FhirResource> {
  const world = createWorld(options);
  if (options.patients > 99_999_999 - world.mrnBase) throw new RangeError('too many patients for eight-digit MRNs');
  return stream(world, options.patients);
}

/**
 * The same stream as NDJSON lines: one compact JSON document per string, without the line break,
 * so the writer decides the separator (the CLI appends "\n" to each).
 */
export function generateHospitalNdjson(options: HospitalDataOptions): Generator<string> {
  const resources = generateHospitalData(options);
  return (function* () {
    for (const resource of resources) yield JSON.stringify(resource);
  })();
}
