import { generateHospitalData } from './clinical/index.js';
import type { RecordIngest } from '../records/index.js';

export interface DemoRecordsSummary {
  resources: number;
  created: number;
  updated: number;
  refused: number;
  firstProblem: string | null;
}

const CHUNK = 1000;

/** Streams the synthetic hospital's records through the normal ingest path, chunk by chunk. */
export async function loadDemoRecords(ingest: RecordIngest, patients: number, onProgress: (summary: DemoRecordsSummary) => void = () => undefined): Promise<DemoRecordsSummary> {
  const summary: DemoRecordsSummary = { resources: 0, created: 0, updated: 0, refused: 0, firstProblem: null };
  let chunk: { resource: unknown }[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const result = await ingest.ingest(chunk, 'batch');
    summary.created += result.created;
    summary.updated += result.updated;
    const refused = result.outcomes.filter((outcome) => outcome.issue);
    summary.refused += refused.length;
    summary.firstProblem ??= refused[0]?.issue ? `${refused[0].issue.expression}: ${refused[0].issue.message}` : null;
    chunk = [];
    onProgress({ ...summary });
  };
  for (const resource of generateHospitalData({ patients })) {
    summary.resources++;
    chunk.push({ resource });
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  await ingest.afterBulkLoad();
  return summary;
}
