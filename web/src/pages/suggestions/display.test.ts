import { describe, expect, it } from 'vitest';
import { excerpt, isSuggestionStatus, shownSubmitter, suggestionStatusColor, trimmedLength } from './display';

describe('suggestion display', () => {
  const named = { id: 'u-1', displayName: '王明', departmentName: { zh: '内科', en: 'Internal Medicine' } };

  it('never shows a submitter on an anonymous suggestion', () => {
    expect(shownSubmitter({ anonymous: false, submitter: named })).toBe(named);
    expect(shownSubmitter({ anonymous: true, submitter: null })).toBeNull();
    // Even if a submitter ever arrived with the flag set.
    expect(shownSubmitter({ anonymous: true, submitter: named })).toBeNull();
  });

  it('colours known statuses and leaves unknown ones plain', () => {
    expect(isSuggestionStatus('answered')).toBe(true);
    expect(isSuggestionStatus('archived')).toBe(false);
    expect(suggestionStatusColor('open')).toBe('gold');
    expect(suggestionStatusColor('archived')).toBe('default');
  });

  it('counts text without surrounding spaces, as the server does', () => {
    expect(trimmedLength('  建议  ')).toBe(2);
    expect(trimmedLength('     ')).toBe(0);
    expect(trimmedLength(undefined)).toBe(0);
  });

  it('shortens the text to its first line for the list', () => {
    expect(excerpt('  第一行\n第二行')).toBe('第一行');
    expect(excerpt('一二三四五六', 4)).toBe('一二三…');
    expect(excerpt('一二三四', 4)).toBe('一二三四');
  });
});
