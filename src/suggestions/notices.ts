import { CATEGORY_LABELS, KIND_LABELS, type SuggestionCategory, type SuggestionKind } from './categories.js';
import type { Capacity, SuggestionAction } from './workflow.js';

/**
 * What the channel tells whom, and in which words. Titles carry the kind and category only, never
 * the text: notices are not encrypted and may leave the platform through an outbound gateway.
 */
export const SUGGESTION_NOTICE_KINDS = ['suggestion-new', 'suggestion-reopened', 'suggestion-progress', 'suggestion-answered', 'suggestion-closed'] as const;
export type SuggestionNoticeKind = (typeof SUGGESTION_NOTICE_KINDS)[number];

export interface SuggestionNotice {
  userIds: readonly string[];
  kind: SuggestionNoticeKind;
  /**
   * The suggestion a notice links to; null on notices to the submitter of an anonymous one, so that
   * the stored notice does not join the submitter to the suggestion.
   */
  suggestionId: string | null;
  title: { zh: string; en: string };
}

/** How notices leave the module; the composition root connects it to the inbox. Failures never block the workflow. */
export type SuggestionNotifier = (notice: SuggestionNotice) => Promise<void>;

export interface NoticeSubject {
  kind: SuggestionKind;
  category: SuggestionCategory;
  anonymous: boolean;
}

export interface PlannedNotice {
  audience: 'submitter' | 'handlers';
  kind: SuggestionNoticeKind;
  title: { zh: string; en: string };
}

export function submittedNotice(subject: NoticeSubject): PlannedNotice {
  const kind = KIND_LABELS[subject.kind];
  const category = CATEGORY_LABELS[subject.category];
  return { audience: 'handlers', kind: 'suggestion-new', title: { zh: `新${kind.zh}待受理(${category.zh})`, en: `New ${kind.en.toLowerCase()} to handle (${category.en})` } };
}

/** The notice an action sends, or null: the submitter closing their own needs no one told. */
export function actionNotice(subject: NoticeSubject, action: SuggestionAction, by: Capacity): PlannedNotice | null {
  const kind = KIND_LABELS[subject.kind];
  const category = CATEGORY_LABELS[subject.category];
  const yours = subject.anonymous ? { zh: `您的匿名${kind.zh}`, en: `Your anonymous ${kind.en.toLowerCase()}` } : { zh: `您的${kind.zh}`, en: `Your ${kind.en.toLowerCase()}` };
  const about = { zh: `(${category.zh})`, en: ` (${category.en})` };
  const toSubmitter = (noticeKind: SuggestionNoticeKind, zh: string, en: string): PlannedNotice => ({ audience: 'submitter', kind: noticeKind, title: { zh: `${yours.zh}${zh}${about.zh}`, en: `${yours.en} ${en}${about.en}` } });
  switch (action) {
    case 'start':
      return toSubmitter('suggestion-progress', '已受理', 'is being handled');
    case 'interim':
      return toSubmitter('suggestion-progress', '有新回复', 'has a new reply');
    case 'answer':
      return toSubmitter('suggestion-answered', '已答复', 'was answered');
    case 'close':
      return by === 'handler' ? toSubmitter('suggestion-closed', '已关闭', 'was closed') : null;
    case 'reopen':
      return { audience: 'handlers', kind: 'suggestion-reopened', title: { zh: `${kind.zh}被重新打开${about.zh}`, en: `${kind.en} reopened${about.en}` } };
  }
}
