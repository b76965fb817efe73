import type { ViolationEvidenceInput } from '../../api/types';

/** Audit entry numbers typed as a list: separated by commas (either width), 、 or spaces. */
export function parseSeqs(text: string | undefined): { seqs: number[]; invalid: string[] } {
  const tokens = (text ?? '').split(/[\s,，、;；]+/).filter((token) => token !== '');
  const seqs: number[] = [];
  const invalid: string[] = [];
  for (const token of tokens) {
    const n = /^\d{1,15}$/.test(token) ? Number(token) : Number.NaN;
    if (Number.isSafeInteger(n)) {
      if (!seqs.includes(n)) seqs.push(n);
    } else invalid.push(token);
  }
  return { seqs, invalid };
}

/** The evidence part of a request: empty lists and a blank note are left out. */
export function evidenceInput(values: { seqs?: string | undefined; alertIds?: readonly string[] | undefined; note?: string | undefined }): ViolationEvidenceInput {
  const { seqs } = parseSeqs(values.seqs);
  const input: ViolationEvidenceInput = {};
  if (seqs.length > 0) input.auditSeqs = seqs;
  const alertIds = [...new Set(values.alertIds ?? [])];
  if (alertIds.length > 0) input.alertIds = alertIds;
  const note = values.note?.trim();
  if (note) input.note = note;
  return input;
}

export function hasEvidence(input: ViolationEvidenceInput): boolean {
  return (input.auditSeqs?.length ?? 0) + (input.alertIds?.length ?? 0) > 0;
}
