// Across the top of the page, impossible to mistake for the live wall: REPLAY in amber, the replay
// clock large (Asia/Shanghai), the session's status and speed, and its focus parks and sources.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, PARKS_BY_ID, type ParkId, type ReplayInfo, SOURCE_NAMES, type Source } from '@torch/shared';
import type { ConnectionStatus } from '../net/connection.ts';
import { dateTime, replayClock } from './time.ts';

export interface ReplayBannerProps {
  info: ReplayInfo | null;
  connection: ConnectionStatus;
  locale: Locale;
  user: string;
  onSwitchLanguage: () => void;
}

export const ReplayBanner = memo(function ReplayBanner({ info, connection, locale, user, onSwitchLanguage }: ReplayBannerProps) {
  const { t } = useTranslation();
  const lang = locale === 'en' ? 'en' : 'zh';
  const c = info ? replayClock(info.clock, locale) : null;
  const status = info?.status ?? 'none';
  const parks = (info?.parks ?? []).filter((p): p is ParkId => p in PARKS_BY_ID);
  const sources = (info?.sources ?? []).filter((s): s is Source => s in SOURCE_NAMES);
  return (
    <header className="rp-banner" data-testid="replay-banner" data-status={status}>
      <div className="rp-banner-tag">
        <span className="rp-banner-word">{t('replayPage.banner')}</span>
        <span className="rp-banner-sub">{t('replayPage.bannerSub')}</span>
      </div>
      <div className="rp-banner-clock">
        <span className="rp-banner-label">{t('replayPage.clockLabel')}</span>
        <span className="rp-banner-time num" data-testid="replay-clock" data-clock={info?.clock ?? ''}>{c ? c.time : '——:——:——'}</span>
        <span className="rp-banner-date">{c ? c.date : ''}</span>
      </div>
      <div className="rp-banner-state">
        <span className={`rp-status ${status}`} data-testid="replay-status" data-status={status}>{t(`replayPage.status.${status}`)}</span>
        {info ? (
          <span className="rp-speed num" data-testid="replay-speed">{info.speed === 'max' ? t('replayPage.speedMax') : t('replayPage.speedNow', { speed: info.speed })}</span>
        ) : null}
        {info ? <span className="rp-range num">{dateTime(info.from)} — {dateTime(info.to)}</span> : null}
      </div>
      <div className="rp-banner-focus" data-testid="replay-focus">
        {info && parks.length === 0 && sources.length === 0 ? <span className="rp-chip plain">{t('replayPage.focus.all')}</span> : null}
        {parks.length > 0 ? <span className="rp-focus-label">{t('replayPage.focus.parks')}</span> : null}
        {parks.map((p) => <span className="rp-chip" key={p}>{lang === 'en' ? PARKS_BY_ID[p].shortEn : PARKS_BY_ID[p].shortZh}</span>)}
        {sources.length > 0 ? <span className="rp-focus-label">{t('replayPage.focus.sources')}</span> : null}
        {sources.map((s) => <span className="rp-chip" key={s}>{SOURCE_NAMES[s][lang]}</span>)}
      </div>
      <span className="rp-spacer" />
      <div className="rp-banner-side">
        <span className="conn" data-testid="replay-connection" data-status={connection}>
          <span className={`dot ${connection}`} />
          {t(`status.${connection}`)}
        </span>
        <span className="rp-user">{user}</span>
        <button type="button" className="rp-btn small ghost" onClick={onSwitchLanguage} data-testid="switch-lang">{t('replayPage.switchLang')}</button>
      </div>
    </header>
  );
});
