// Everything that happened to the alert, for a role that may read the audit trail.
import { useTranslation } from 'react-i18next';
import type { AuditEntry, Locale } from '@torch/shared';
import { AuditList } from './AuditList.tsx';

export function DetailAudit({ items, canAudit, locale }: { items: readonly AuditEntry[]; canAudit: boolean; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <section className="block">
      <h3>{t('console.detail.audit')}</h3>
      {!canAudit
        ? <p className="muted">{t('console.detail.auditHidden')}</p>
        : items.length > 0 ? <AuditList items={items} locale={locale} /> : <p className="muted">{t('console.detail.auditNone')}</p>}
    </section>
  );
}
