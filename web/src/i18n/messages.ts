// .js suffix: this file is also compiled by the end-to-end tests, which use NodeNext resolution.
import type zhCN from './zh-CN.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every translation must have; zh-CN is the reference. */
export type Messages = Widen<typeof zhCN>;

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const LANGUAGE_STORAGE_KEY = 'yixiang.lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Flattens nested messages to dotted keys, the form the parity test and i18next lookups share. */
export function flattenKeys(tree: object, prefix = ''): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') keys.push(...flattenKeys(value as object, path));
    else keys.push(path);
  }
  return keys.sort();
}

/** Placeholders like {{name}} must match across languages or a value silently disappears. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}
