import type { CountRow, SuggestionStatistics } from '../reports/model.js';
import { categoryLabel, SUGGESTION_CATEGORIES } from './categories.js';

/**
 * The suggestion figures of the quarterly report (季度审计报告), over the half-open period
 * [from, to):
 * - received: submitted in the period, also broken down by category (every category listed, zeros
 *   included, so quarters compare bar for bar);
 * - answered: first answered in the period, whenever submitted; medianHoursToAnswer is over the
 *   same suggestions, from submission to that first answer, to a tenth of an hour;
 * - open: awaiting an answer at the end of the period — never answered by then, or reopened after
 *   its latest answer — whenever submitted.
 * Facts at or after `to` are ignored, so the figures for a past quarter do not move.
 */
export interface StatisticsPeriod {
  from: string;
  to: string;
}

export interface SuggestionFact {
  id: string;
  category: string;
  submittedAt: string;
}

export interface SuggestionEventFact {
  suggestionId: string;
  /** The per-suggestion sequence number, which orders events recorded in the same millisecond. */
  version: number;
  action: 'answer' | 'reopen';
  at: string;
}

export interface StatisticsInput {
  suggestions: readonly SuggestionFact[];
  events: readonly SuggestionEventFact[];
}

const HOUR_MS = 3_600_000;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function eventsBefore(events: readonly SuggestionEventFact[], to: number): Map<string, SuggestionEventFact[]> {
  const bySuggestion = new Map<string, SuggestionEventFact[]>();
  for (const event of events) {
    if (Date.parse(event.at) >= to) continue;
    const list = bySuggestion.get(event.suggestionId) ?? [];
    list.push(event);
    bySuggestion.set(event.suggestionId, list);
  }
  for (const list of bySuggestion.values()) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.version - b.version);
  return bySuggestion;
}

function byCategory(received: readonly SuggestionFact[]): CountRow[] {
  const counts = new Map<string, number>(SUGGESTION_CATEGORIES.map((key) => [key, 0]));
  for (const suggestion of received) counts.set(suggestion.category, (counts.get(suggestion.category) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, label: categoryLabel(key), count }));
}

export function suggestionStatistics(input: StatisticsInput, period: StatisticsPeriod): SuggestionStatistics {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const events = eventsBefore(input.events, to);
  const received: SuggestionFact[] = [];
  const hoursToAnswer: number[] = [];
  let open = 0;
  for (const suggestion of input.suggestions) {
    const submitted = Date.parse(suggestion.submittedAt);
    if (submitted >= to) continue;
    if (submitted >= from) received.push(suggestion);
    const history = events.get(suggestion.id) ?? [];
    const firstAnswer = history.find((event) => event.action === 'answer');
    if (firstAnswer && Date.parse(firstAnswer.at) >= from) hoursToAnswer.push((Date.parse(firstAnswer.at) - submitted) / HOUR_MS);
    const last = history.findLast((event) => event.action === 'answer' || event.action === 'reopen');
    if (!last || last.action === 'reopen') open += 1;
  }
  const hours = median(hoursToAnswer);
  return {
    received: received.length,
    answered: hoursToAnswer.length,
    open,
    byCategory: byCategory(received),
    medianHoursToAnswer: hours === null ? null : Math.round(hours * 10) / 10,
  };
}
