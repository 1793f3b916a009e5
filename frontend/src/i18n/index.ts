// Language: zh-CN by default; `?lang=en` (or a stored choice) switches. Chosen once at load.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, zhCN } from './resources.ts';

export type Lang = 'zh-CN' | 'en';

export function pickLanguage(search: string, stored: string | null): Lang {
  const fromUrl = new URLSearchParams(search).get('lang');
  const choice = fromUrl ?? stored;
  return choice === 'en' ? 'en' : 'zh-CN';
}

export function initI18n(lang: Lang) {
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: lang,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = lang;
  return i18next;
}
