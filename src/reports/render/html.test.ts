import { describe, expect, it } from 'vitest';
import type { QuarterlyReport } from '../model.js';
import { REPORT_HEADINGS, sampleIssuedReport, sampleQuarterlyReport } from './fixtures.js';
import { renderReportHtml } from './html.js';

const CHARTS = [
  'sharing-by-department', 'sharing-by-resource', 'sharing-by-purpose', 'sharing-by-channel', 'sharing-by-week',
  'request-outcomes', 'alerts-by-rule', 'violations-by-decision', 'suggestions-by-category',
];

const render = (report: QuarterlyReport = sampleQuarterlyReport()): string => renderReportHtml(report, { locale: 'zh-CN' });

describe('renderReportHtml', () => {
  it('shows every section heading in Chinese with the English beside it', () => {
    const html = render();
    for (const heading of REPORT_HEADINGS) expect(html).toContain(heading);
    expect(html).toContain('<span lang="zh-CN">共享概况</span> <span class="alt" lang="en">Sharing overview</span>');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
  });

  it('leads with English for en-US and keeps the Chinese beside it', () => {
    const html = renderReportHtml(sampleQuarterlyReport(), { locale: 'en-US' });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<span lang="en">Sharing overview</span> <span class="alt" lang="zh-CN">共享概况</span>');
    for (const heading of REPORT_HEADINGS) expect(html).toContain(heading);
  });

  it('inlines one server-rendered SVG per chart and needs no script or external resource', () => {
    const html = render();
    expect(html.match(/<svg[\s>]/g)).toHaveLength(CHARTS.length);
    expect([...html.matchAll(/data-chart="([^"]+)" role="img" aria-label="[^"]+"><svg/g)].map((m) => m[1])).toEqual(CHARTS);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)=|url\((?!#)|@import/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`);
  });

  it("draws the model's numbers in the charts and tables", () => {
    const report = sampleQuarterlyReport();
    const html = render(report);
    const department = html.slice(html.indexOf('data-chart="sharing-by-department"'), html.indexOf('</figure>'));
    for (const row of report.sharing.byDepartment) {
      expect(department).toContain(`>${row.label.zh}</text>`);
      expect(department).toContain(`>${row.count.toLocaleString('en-US')}</text>`);
    }
    expect(html).toContain('<td>48,215</td>');
  });

  it('escapes text written by people: findings, recommendations and labels, in tables and charts', () => {
    const report = sampleQuarterlyReport();
    report.findings = '越权调阅\n\n<script>alert(1)</script>';
    report.recommendations = '"><img src=x onerror=alert(2)>';
    report.sharing.byDepartment[0]!.label = { zh: '<b onmouseover=alert(3)>心内科</b>', en: '</svg><script>alert(4)</script>' };
    report.alerts.byRule[0]!.label = { zh: '" onload="alert(5)', en: "' onload='alert(6)" };
    const html = render(report);
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('>&quot; onload=&quot;alert(5)</text>');
    expect(html).not.toMatch(/<script|<img|<b |\son\w+=["']/i);
    expect(html.match(/<\/svg>/g)).toHaveLength(CHARTS.length);
  });

  it('marks a draft visibly and shows no issue block', () => {
    const html = render();
    expect(html).toContain('草稿 DRAFT');
    expect(html).toContain('<body class="draft">');
    expect(html).not.toContain('id="issue"');
  });

  it('shows the issue block of an issued report and no draft marker', () => {
    const report = sampleIssuedReport();
    const html = render(report);
    const issue = report.issue!;
    expect(html).toContain('id="issue"');
    for (const value of [issue.hash, issue.signature, issue.signingKeyId, '1,284,503']) expect(html).toContain(value);
    expect(html).not.toContain('草稿');
    expect(html).toContain('<body class="issued">');
  });

  it('renders the same bytes twice, with chart ids unique in the document', () => {
    const first = render();
    expect(render()).toBe(first);
    const ids = [...first.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows an empty breakdown as a table row without a chart', () => {
    const report = sampleQuarterlyReport();
    report.violations.byDecision = [];
    const html = render(report);
    expect(html).not.toContain('data-chart="violations-by-decision"');
    expect(html).toMatch(/id="violations-by-decision">.*无数据/s);
  });
});
