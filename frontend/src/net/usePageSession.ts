// What every signed-in page (the console, replay) does with its session and its URL: renew the
// access token before it runs out, so neither requests nor the socket see it expire; and let
// `?lang=` win over the stored language, also when the page was reached without a reload (login).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { refreshSession } from './session.ts';

export function useSessionRenewal(expiresIn: number, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    const every = Math.max(30, expiresIn * 0.8) * 1000;
    const timer = setInterval(() => void refreshSession().catch(() => {}), every);
    return () => clearInterval(timer);
  }, [expiresIn, enabled]);
}

export function useUrlLanguage(urlLang: string | null): void {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (!urlLang) return;
    const to = urlLang === 'en' ? 'en' : 'zh-CN';
    if (i18n.language !== to) void i18n.changeLanguage(to);
    document.documentElement.lang = to;
  }, [urlLang, i18n]);
}
