import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuarterlyReport } from '../model.js';
import { REPORT_HEADINGS, sampleIssuedReport, sampleQuarterlyReport } from './fixtures.js';
import { renderReportPdf } from './pdf.js';

/**
 * The PDF is read back with poppler (Debian package poppler-utils, installed by .ci/run) as a reader
 * would: text extraction proves the Chinese glyphs are embedded with a working ToUnicode map.
 * A missing poppler fails the suite rather than skipping it.
 */
function poppler(tool: 'pdftotext' | 'pdfinfo' | 'pdffonts', args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is not installed: the PDF tests need Debian's poppler-utils (apt-get install -y poppler-utils; .ci/run installs it)`);
    }
    throw error;
  }
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yixiang-report-pdf-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function save(name: string, pdf: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return file;
}

/** Extracted text with whitespace runs collapsed, as table cells and wrapped lines come out spaced. */
function textOf(file: string): string {
  return poppler('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/\s+/g, ' ');
}

describe('renderReportPdf', () => {
  let draft: Buffer;
  let draftText: string;

  beforeAll(async () => {
    draft = await renderReportPdf(sampleQuarterlyReport(), { locale: 'zh-CN' });
    draftText = textOf(save('draft.pdf', draft));
  });

  it('is a PDF', () => {
    expect(draft.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('has every Chinese heading as extractable text', () => {
    for (const heading of REPORT_HEADINGS) expect(draftText).toContain(heading);
  });

  it("shows the model's numbers", () => {
    const report = sampleQuarterlyReport();
    const top = report.sharing.byDepartment[0]!;
    for (const value of ['48,215', '9,874', top.count.toLocaleString('en-US'), '1,306', '1,284,502']) {
      expect(draftText).toContain(value);
    }
    expect(draftText).toContain(`${top.label.zh} ${top.label.en}`);
  });

  it('marks a draft', () => {
    expect(draftText).toContain('草稿 DRAFT');
  });

  it('embeds a subset of the CJK font', () => {
    const fonts = poppler('pdffonts', [join(dir, 'draft.pdf')]);
    const noto = fonts.split('\n').filter((line) => line.includes('NotoSansHans'));
    expect(noto.length).toBeGreaterThanOrEqual(2);
    // columns: name type encoding emb sub uni
    for (const line of noto) expect(line).toMatch(/\+NotoSansHans-\S+.*Identity-H\s+yes\s+yes\s+yes/);
  });

  it('takes its dates from the model and renders an issued report byte for byte the same', async () => {
    const report: QuarterlyReport = sampleIssuedReport();
    const first = await renderReportPdf(report, { locale: 'zh-CN' });
    expect((await renderReportPdf(report, { locale: 'zh-CN' })).equals(first)).toBe(true);
    const info = poppler('pdfinfo', ['-isodates', save('issued.pdf', first)]);
    expect(info).toMatch(/^Title:\s+季度审计报告 2025-Q4 — 示例市第一人民医院$/m);
    expect(info).toMatch(/^CreationDate:\s+2026-01-05T02:00:00Z$/m);
    expect(info).toMatch(/^ModDate:\s+2026-01-06T03:30:00Z$/m);
    expect(info).toMatch(/^Page size:\s+595.28 x 841.89 pts \(A4\)$/m);
  });

  it('prints the issue block of an issued report and no draft marker', async () => {
    const report = sampleIssuedReport();
    const text = textOf(save('issued-text.pdf', await renderReportPdf(report, { locale: 'en-US' })));
    const issue = report.issue!;
    for (const value of ['签发信息', issue.hash, issue.signingKeyId, '1,284,503']) expect(text).toContain(value);
    expect(text).not.toContain('DRAFT');
  });

  it('keeps people-written text as text', async () => {
    const report = sampleQuarterlyReport();
    report.findings = '<script>alert(1)</script>\n\n第二段：越权调阅';
    const text = textOf(save('findings.pdf', await renderReportPdf(report, { locale: 'zh-CN' })));
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('第二段：越权调阅');
  });
});
