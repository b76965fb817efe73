import type { Language } from './errors.js';

/**
 * Picks zh or en from an Accept-Language header by q-value. The console defaults to Chinese, so
 * anything that does not clearly prefer English gets Chinese.
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header) return 'zh';
  let best: { language: Language; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const language: Language | null = tag.startsWith('zh') ? 'zh' : tag.startsWith('en') ? 'en' : null;
    if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'zh';
}
