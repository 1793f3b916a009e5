// The recent audit trail across all alerts, silences and rule loads.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, Locale } from '@torch/shared';
import { type AlertsApi, errorText } from './api.ts';
import { AuditList } from './AuditList.tsx';

export function AuditTab({ api, locale, tick, onOpen }: { api: AlertsApi; locale: Locale; tick: number; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = locale === 'en' ? 'en' : 'zh';
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.audit(200).then(
      (r) => live && (setItems(r.items), setError(null)),
      (e: unknown) => live && setError(errorText(e, t, lang)),
    );
    return () => {
      live = false;
    };
  }, [api, tick, t, lang]);
  return (
    <div className="tab-page audit" data-testid="audit-tab">
      {error ? <div className="notice-box error" role="alert">{error}</div> : null}
      {items === null ? <p className="muted">{t('console.list.loading')}</p> : items.length === 0 ? <p className="muted">{t('console.audit.empty')}</p> : <AuditList items={items} locale={locale} onOpen={onOpen} showTarget />}
    </div>
  );
}
