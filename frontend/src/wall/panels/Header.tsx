import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../../net/connection.ts';
import { clock } from '../../format/index.ts';
import { useNow } from '../hooks.ts';

/** The mode badge of a live wall says when it is not live: reconnecting (amber), then disconnected (red). */
export function liveBadge(status: ConnectionStatus): 'live' | 'reconnecting' | 'down' {
  return status === 'live' ? 'live' : status === 'offline' ? 'down' : 'reconnecting';
}

/**
 * `rehearsal`: re-fed capture data reached the feeds in the last 15 minutes (npm run simulate --
 * replay). `middle`: what the header carries between title and status (the wall's alert strip).
 */
export function Header({ status, catchingUp, mode, embedded, rehearsal = false, middle = null }: { status: ConnectionStatus; catchingUp: boolean; mode: 'live' | 'replay'; embedded: boolean; rehearsal?: boolean; middle?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const c = clock(now, i18n.language === 'en' ? 'en' : 'zh-CN');
  return (
    <header className="header">
      <span className="title">{t('app.title')}</span>
      <span className="subtitle">{t('app.subtitle')}</span>
      <span className="spacer">{middle}</span>
      {embedded ? <span className="badge embedded" data-testid="embedded-badge">{t('badge.embedded')}</span> : null}
      {rehearsal ? <span className="badge embedded" data-testid="rehearsal-badge">{t('badge.rehearsal')}</span> : null}
      {mode === 'live' ? (
        <span className={`badge ${liveBadge(status)}`} data-testid="mode-badge" data-state={liveBadge(status)}>{t(`badge.${liveBadge(status)}`)}</span>
      ) : (
        <span className="badge replay" data-testid="mode-badge">{t('badge.replay')}</span>
      )}
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
