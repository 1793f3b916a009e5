import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../../net/connection.ts';
import { clock } from '../../format/index.ts';
import { useNow } from '../hooks.ts';

/** `rehearsal`: re-fed capture data reached the feeds in the last 15 minutes (npm run simulate -- replay). */
export function Header({ status, catchingUp, mode, embedded, rehearsal = false }: { status: ConnectionStatus; catchingUp: boolean; mode: 'live' | 'replay'; embedded: boolean; rehearsal?: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const c = clock(now, i18n.language === 'en' ? 'en' : 'zh-CN');
  return (
    <header className="header">
      <span className="title">{t('app.title')}</span>
      <span className="subtitle">{t('app.subtitle')}</span>
      <span className="spacer" />
      {embedded ? <span className="badge embedded" data-testid="embedded-badge">{t('badge.embedded')}</span> : null}
      {rehearsal ? <span className="badge embedded" data-testid="rehearsal-badge">{t('badge.rehearsal')}</span> : null}
      <span className={`badge ${mode}`} data-testid="mode-badge">{t(`badge.${mode}`)}</span>
      <span className="conn" data-testid="connection" data-status={status}>
        <span className={`dot ${status}`} />
        {catchingUp && status === 'live' ? t('status.catchingUp') : t(`status.${status}`)}
      </span>
      <div className="clock">
        <div className="time num">{c.time}</div>
        <div className="date">{c.date}</div>
      </div>
    </header>
  );
}
