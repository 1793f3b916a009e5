// The banner's language button: switch, remember the choice for the next visit, and drop a `?lang=`
// from the address (it would otherwise switch the page back on the next render).
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { Locale } from '@torch/shared';

export function useLanguageToggle(locale: Locale): () => void {
  const { i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  return useCallback(() => {
    const to = locale === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('torch.lang', to);
    void i18n.changeLanguage(to);
    document.documentElement.lang = to;
    if (params.has('lang')) {
      const rest = new URLSearchParams(params);
      rest.delete('lang');
      navigate({ pathname: location.pathname, search: rest.toString() ? `?${rest}` : '' }, { replace: true });
    }
  }, [locale, i18n, params, navigate, location.pathname]);
}
