/**
 * The report's only stylesheet, inlined: the file must look right when an auditor opens it offline,
 * and the console's Content-Security-Policy allows inline styles but no external requests.
 */
export const REPORT_CSS = `
@page { size: A4; margin: 16mm 14mm; }
:root { color: #1f2329; font: 14px/1.6 "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
body { max-width: 760px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #2f6fb2; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.alt { color: #646a73; font-weight: normal; font-size: 0.85em; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; }
th, td { border-bottom: 1px solid #e4e7ed; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f2f5fa; }
th[scope=row] { font-weight: normal; }
table.facts th { width: 45%; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
figure.chart { margin: 4px 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.draft-banner { border: 3px solid #c0392b; color: #c0392b; font-size: 22px; font-weight: bold; text-align: center; padding: 8px; margin: 12px 0; }
.draft-banner p { font-size: 13px; font-weight: normal; margin: 4px 0 0; }
.issued-banner { border: 2px solid #2e7d32; color: #2e7d32; font-weight: bold; padding: 6px 10px; margin: 12px 0; }
.breakdown, figure, table.facts { break-inside: avoid-page; }
footer { margin-top: 40px; color: #8f959e; font-size: 12px; }
`;

/** A watermark on every screen and printed page of a draft, on top of its banner. */
export const DRAFT_CSS = `
body::before { content: "草稿 DRAFT"; position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 96px; color: rgba(192, 57, 43, 0.08); transform: rotate(-30deg); pointer-events: none; }
`;
