import { TEXT, type Bilingual } from './labels.js';

/** The hospital's calendar; the model's period and times are shown in it whatever the server's zone. */
const HOSPITAL_ZONE = 'Asia/Shanghai';

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const dateParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: HOSPITAL_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function formatCount(value: number): string {
  return countFormat.format(value);
}

export function formatHours(value: number | null): string | Bilingual {
  return value === null ? TEXT.none : `${value.toFixed(1)} h`;
}

/** Share of a total as a percentage; a zero total has no meaningful share. */
export function formatShare(count: number, total: number): string {
  return total > 0 ? `${((count / total) * 100).toFixed(1)}%` : '—';
}

function zonedParts(iso: string): Record<string, string> {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${iso}`);
  return Object.fromEntries(dateParts.formatToParts(date).map((part) => [part.type, part.value]));
}

export function formatDate(iso: string): string {
  const p = zonedParts(iso);
  return `${p.year}-${p.month}-${p.day}`;
}

export function formatDateTime(iso: string): string {
  const p = zonedParts(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} (UTC+8)`;
}

/** The period is half-open [from, to); readers expect the last included day, not the exclusive end. */
export function formatPeriod(period: { from: string; to: string }): string {
  const lastIncluded = new Date(new Date(period.to).getTime() - 1).toISOString();
  return `${formatDate(period.from)} – ${formatDate(lastIncluded)}`;
}

/** Plain text as the model stores it: paragraphs separated by blank lines. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}
