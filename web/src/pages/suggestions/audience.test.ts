import { describe, expect, it } from 'vitest';
import type { SuggestionStatus } from '../../api/types';
import { canHandleSuggestions, canOverseeSuggestions, capacityOf, suggestionCommands, type SuggestionCommands } from './audience';

const NOW = new Date('2026-11-10T00:00:00.000Z');
const suggestion = (status: SuggestionStatus, mine = false, reopenableUntil: string | null = null) => ({ status, mine, reopenableUntil });
const offered = (commands: SuggestionCommands) => (Object.keys(commands) as (keyof SuggestionCommands)[]).filter((key) => commands[key]);

describe('who handles suggestions', () => {
  it('lets the information administrator handle and the auditor read every one', () => {
    expect(canHandleSuggestions(['info_admin'])).toBe(true);
    expect(canHandleSuggestions(['auditor'])).toBe(false);
    expect(canOverseeSuggestions(['auditor'])).toBe(true);
    expect(canOverseeSuggestions(['info_admin'])).toBe(true);
    expect(canOverseeSuggestions(['staff', 'dept_head'])).toBe(false);
    expect(canOverseeSuggestions(['system_admin', 'privacy_officer'])).toBe(false);
  });

  it('meets a handler on their own suggestion only as its submitter', () => {
    expect(capacityOf({ mine: true }, ['info_admin'])).toBe('submitter');
    expect(capacityOf({ mine: false }, ['info_admin'])).toBe('handler');
    expect(capacityOf({ mine: false }, ['auditor'])).toBe('reader');
  });
});

describe('suggestionCommands', () => {
  const admin = ['info_admin'];

  it('offers the handler what the workflow allows from each status', () => {
    expect(offered(suggestionCommands(suggestion('open'), admin, NOW))).toEqual(['start', 'interim', 'answer']);
    expect(offered(suggestionCommands(suggestion('in_progress'), admin, NOW))).toEqual(['interim', 'answer']);
    // A further answer corrects or completes one already answered.
    expect(offered(suggestionCommands(suggestion('answered'), admin, NOW))).toEqual(['answer', 'close']);
    expect(offered(suggestionCommands(suggestion('closed'), admin, NOW))).toEqual([]);
  });

  it('offers auditors and other staff nothing on someone else’s suggestion', () => {
    for (const status of ['open', 'in_progress', 'answered', 'closed'] as const) {
      expect(offered(suggestionCommands(suggestion(status), ['auditor'], NOW))).toEqual([]);
      expect(offered(suggestionCommands(suggestion(status), ['staff'], NOW))).toEqual([]);
    }
  });

  it('lets the submitter close an answered one and reopen it until the deadline', () => {
    const until = '2026-12-01T00:00:00.000Z';
    expect(offered(suggestionCommands(suggestion('open', true), ['staff'], NOW))).toEqual([]);
    expect(offered(suggestionCommands(suggestion('answered', true, until), ['staff'], NOW))).toEqual(['close', 'reopen']);
    expect(offered(suggestionCommands(suggestion('closed', true, until), ['staff'], NOW))).toEqual(['reopen']);
    expect(offered(suggestionCommands(suggestion('closed', true, until), ['staff'], new Date(until)))).toEqual(['reopen']);
    expect(offered(suggestionCommands(suggestion('closed', true, until), ['staff'], new Date('2026-12-01T00:00:00.001Z')))).toEqual([]);
    expect(offered(suggestionCommands(suggestion('answered', true, null), ['staff'], NOW))).toEqual(['close']);
  });

  it('does not let an information administrator handle their own suggestion', () => {
    expect(offered(suggestionCommands(suggestion('open', true), admin, NOW))).toEqual([]);
    expect(offered(suggestionCommands(suggestion('answered', true, '2026-12-01T00:00:00.000Z'), admin, NOW))).toEqual(['close', 'reopen']);
  });
});
