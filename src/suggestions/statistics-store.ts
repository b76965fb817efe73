import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { SuggestionStatistics } from '../reports/model.js';
import { suggestionStatistics, type StatisticsInput, type StatisticsPeriod, type SuggestionEventFact } from './statistics.js';

const IDS_PER_QUERY = 500;

/**
 * What the quarterly figures need for [from, to), and no more: no text is loaded or decrypted.
 * Suggestions count when received or first answered in the period, or when they may still await
 * an answer at its end (never answered before it, or reopened at some time); the all-time bulk —
 * answered before the period and never reopened — is left in the database. Then the answers and
 * reopenings of just those suggestions, before the end of the period.
 */
export async function loadStatisticsInput(db: Kysely<Database>, period: StatisticsPeriod): Promise<StatisticsInput> {
  const from = new Date(period.from).toISOString();
  const to = new Date(period.to).toISOString();
  const rows = await db
    .selectFrom('suggestions')
    .select(['id', 'category', 'submitted_at'])
    .where('submitted_at', '<', to)
    .where((eb) => eb.or([eb('submitted_at', '>=', from), eb('first_answered_at', 'is', null), eb('first_answered_at', '>=', from), eb('last_reopened_at', 'is not', null)]))
    .execute();
  const events: SuggestionEventFact[] = [];
  for (let start = 0; start < rows.length; start += IDS_PER_QUERY) {
    const ids = rows.slice(start, start + IDS_PER_QUERY).map((row) => row.id);
    const found = await db
      .selectFrom('suggestion_events')
      .select(['suggestion_id', 'version', 'action', 'at'])
      .where('suggestion_id', 'in', ids)
      .where('action', 'in', ['answer', 'reopen'])
      .where('at', '<', to)
      .execute();
    for (const event of found) events.push({ suggestionId: event.suggestion_id, version: event.version, action: event.action as 'answer' | 'reopen', at: event.at });
  }
  return { suggestions: rows.map((row) => ({ id: row.id, category: row.category, submittedAt: row.submitted_at })), events };
}

/** The report's suggestion section for [from, to). */
export async function suggestionStatisticsFor(db: Kysely<Database>, period: StatisticsPeriod): Promise<SuggestionStatistics> {
  return suggestionStatistics(await loadStatisticsInput(db, period), period);
}
