/**
 * The vocabulary of the suggestion channel (反馈渠道, policy Ch.7 (2)): what a submission is and what
 * part of the sharing process it is about. Fixed lists, so the quarterly report counts the same
 * buckets every quarter; labels travel with the keys so every reader shows the same words.
 */
export interface Label {
  zh: string;
  en: string;
}

export const SUGGESTION_KINDS = ['suggestion', 'complaint'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

export const KIND_LABELS: Readonly<Record<SuggestionKind, Label>> = {
  suggestion: { zh: '建议', en: 'Suggestion' },
  complaint: { zh: '投诉', en: 'Complaint' },
};

export const SUGGESTION_CATEGORIES = ['request-process', 'review', 'data-quality', 'security-privacy', 'usability', 'other'] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<SuggestionCategory, Label>> = {
  'request-process': { zh: '申请流程', en: 'Request process' },
  review: { zh: '审查', en: 'Review' },
  'data-quality': { zh: '数据质量', en: 'Data quality' },
  'security-privacy': { zh: '安全与隐私', en: 'Security & privacy' },
  usability: { zh: '系统易用性', en: 'System usability' },
  other: { zh: '其他', en: 'Other' },
};

export function isCategory(value: string): value is SuggestionCategory {
  return (SUGGESTION_CATEGORIES as readonly string[]).includes(value);
}

/** A category stored before the list changed still gets a label rather than breaking a report. */
export function categoryLabel(key: string): Label {
  return isCategory(key) ? CATEGORY_LABELS[key] : { zh: key, en: key };
}
