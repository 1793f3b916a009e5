// What every signed-in page (the console, replay) does with its URL: `?lang=` wins over the stored
// language, also when the page was reached without a reload (login). (The session is renewed by
// the page's connection, net/connection.ts.)
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export function useUrlLanguage(urlLang: string | null): void {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (!urlLang) return;
    const to = urlLang === 'en' ? 'en' : 'zh-CN';
    if (i18n.language !== to) void i18n.changeLanguage(to);
    document.documentElement.lang = to;
  }, [urlLang, i18n]);
}
