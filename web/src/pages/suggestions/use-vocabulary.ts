import { useState } from 'react';
import { suggestionsApi } from '../../api/endpoints';
import type { SuggestionVocabulary } from '../../api/types';
import { useLoad } from '../../lib/use-load';

/** The server's categories (with labels in both languages), attachment limits and reopen window. */
export function useSuggestionVocabulary(): { vocabulary: SuggestionVocabulary | undefined; error: unknown } {
  const [vocabulary, setVocabulary] = useState<SuggestionVocabulary>();
  const { error } = useLoad((signal) => suggestionsApi.vocabulary(signal), setVocabulary, []);
  return { vocabulary, error };
}
