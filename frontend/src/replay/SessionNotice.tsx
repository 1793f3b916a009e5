// What the wall frame says instead of (or over) the replayed wall: the session was closed (with a
// way to replay its period again), it failed, it is being built, or none is open yet.
import { useTranslation } from 'react-i18next';
import type { ReplayInfo } from '@torch/shared';

export type SessionPhase = 'gone' | 'failed' | 'building' | 'choose' | 'watching';

/** Which notice, if any: a closed session first, then a failed one, one being built, none chosen. */
export function sessionPhase(p: { gone: boolean; info: ReplayInfo | null; building: boolean; sessionId: string | null }): SessionPhase {
  if (p.gone) return 'gone';
  if (p.info?.status === 'failed') return 'failed';
  if (p.building) return 'building';
  return p.sessionId ? 'watching' : 'choose';
}

export function SessionNotice({ phase, info, onReopen }: { phase: SessionPhase; info: ReplayInfo | null; onReopen: (info: ReplayInfo) => void }) {
  const { t } = useTranslation();
  if (phase === 'watching') return null;
  if (phase === 'gone') {
    return (
      <div className="rp-notice" data-testid="replay-notice" data-kind="gone">
        <p>{t('replayPage.notice.closed')}</p>
        {info ? <button type="button" className="rp-btn primary" onClick={() => onReopen(info)}>{t('replayPage.range.reopen')}</button> : null}
      </div>
    );
  }
  if (phase === 'failed') {
    return <div className="rp-notice error" data-testid="replay-notice" data-kind="failed">{t('replayPage.notice.failed', { message: info?.error ?? '' })}</div>;
  }
  return <div className="rp-notice" data-testid="replay-notice" data-kind={phase}>{t(`replayPage.notice.${phase}`)}</div>;
}
