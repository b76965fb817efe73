import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from './en-US';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_STORAGE_KEY, type Language } from './messages';
import zhCN from './zh-CN';

export { LANGUAGES, type Language } from './messages';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    // Storage can throw when disabled by browser policy; the default language still works.
    return DEFAULT_LANGUAGE;
  }
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
    'en-US': { translation: enUS },
  },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: ['zh-CN', 'en-US'],
  // Resources are bundled, so initialise synchronously and render translated text on first paint.
  initAsync: false,
  interpolation: { escapeValue: false },
});

function applyDayjsLanguage(lng: string): void {
  // DatePicker month and weekday names come from dayjs, not from antd's locale object.
  dayjs.locale(lng === 'zh-CN' ? 'zh-cn' : 'en');
}

function applyDocumentLanguage(lng: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lng;
  document.title = `${i18n.t('app.name', { lng })} · ${i18n.t('app.tagline', { lng })}`;
}

applyDayjsLanguage(i18n.language);
applyDocumentLanguage(i18n.language);

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

export async function changeLanguage(lng: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Not persisted; the switch still applies to this page view.
  }
  // Before i18next re-renders the tree, so date pickers render in the new language straight away.
  applyDayjsLanguage(lng);
  await i18n.changeLanguage(lng);
  applyDocumentLanguage(lng);
}

export default i18n;
