// Who did what, newest first, as the gateway wrote it (the trail is append-only). The engine's own
// entries read as "system"; an entry about an alert can open it.
import { useTranslation } from 'react-i18next';
import type { AuditEntry, Locale } from '@torch/shared';
import { fullDateTime } from '../format/index.ts';
import { useDisplayName } from '../net/userNames.tsx';

const ACTIONS = new Set([
  'fire', 'resolve', 'ack', 'silence', 'silence-expire', 'denied', 'rules-loaded', 'rules-refused',
  'user-created', 'user-updated', 'user-disabled', 'user-enabled', 'user-deleted', 'password-reset', 'password-changed', 'refresh-reused',
]);

export function AuditList({ items, onOpen, showTarget = false }: { items: readonly AuditEntry[]; locale: Locale; onOpen?: (id: string) => void; showTarget?: boolean }) {
  const { t } = useTranslation();
  const nameOf = useDisplayName();
  return (
    <ol className="audit-list" data-testid="audit-list">
      {items.map((e) => {
        const system = e.by.startsWith('gateway:');
        const isAlert = e.action === 'fire' || e.action === 'resolve' || e.action === 'ack' || (e.action === 'denied' && e.target.includes('@'));
        return (
          <li key={e.id || `${e.at}-${e.action}-${e.target}`} className="audit-item" data-action={e.action}>
            <time className="num">{fullDateTime(e.at)}</time>
            <span className={`action act-${e.action}`}>{ACTIONS.has(e.action) ? t(`console.audit.actions.${e.action}`) : e.action}</span>
            <span className={`by${system ? ' system' : ''}`} title={e.by}>{system ? t('alerts.system') : nameOf(e.by)}</span>
            {showTarget ? (
              isAlert && onOpen ? (
                <button type="button" className="target link" onClick={() => onOpen(e.target)}>{e.target}</button>
              ) : (
                <span className="target">{e.target}</span>
              )
            ) : null}
            {e.comment ? <span className="comment">{e.comment}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
