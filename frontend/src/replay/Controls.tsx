// The replay's controls, large enough for a finger: play / pause, five minutes back or forward, the
// speed, export of the period, end the replay, and back to the live wall.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayInfo, Speed } from '@torch/shared';

export const SPEEDS: readonly Speed[] = [1, 10, 60, 300, 1000, 'max'];

export interface ControlsProps {
  /** The session (null: none open; only "back to live" works). */
  info: Pick<ReplayInfo, 'status' | 'speed' | 'clock' | 'from' | 'to'> | null;
  onPlay: () => void;
  onPause: () => void;
  onStep: (direction: -1 | 1) => void;
  onSpeed: (s: Speed) => void;
  onExport: () => void;
  exporting: boolean;
  onClose: () => void;
  onLive: () => void;
}

export const Controls = memo(function Controls(p: ControlsProps) {
  const { t } = useTranslation();
  const info = p.info;
  const ready = !!info && info.status !== 'building' && info.status !== 'failed';
  const playing = info?.status === 'playing';
  const atEnd = info?.status === 'ended';
  return (
    <div className="rp-controls" data-testid="controls">
      <div className="rp-group">
        <button type="button" className="rp-btn icon" disabled={!ready || info!.clock <= info!.from} onClick={() => p.onStep(-1)} data-testid="control-back" aria-label={t('replayPage.controls.back')}>
          <span className="rp-glyph" aria-hidden>◀</span>{t('replayPage.controls.backShort')}
        </button>
        {playing ? (
          <button type="button" className="rp-btn primary play" onClick={p.onPause} data-testid="control-pause">
            <span className="rp-pause-icon" aria-hidden /> {t('replayPage.controls.pause')}
          </button>
        ) : (
          <button type="button" className="rp-btn primary play" disabled={!ready} onClick={p.onPlay} data-testid="control-play">
            <span className="rp-glyph" aria-hidden>▶</span> {atEnd ? t('replayPage.controls.replayAgain') : t('replayPage.controls.play')}
          </button>
        )}
        <button type="button" className="rp-btn icon" disabled={!ready || info!.clock >= info!.to} onClick={() => p.onStep(1)} data-testid="control-forward" aria-label={t('replayPage.controls.forward')}>
          {t('replayPage.controls.forwardShort')}<span className="rp-glyph" aria-hidden>▶</span>
        </button>
      </div>
      <div className="rp-group rp-speeds" role="radiogroup" aria-label={t('replayPage.controls.speed')}>
        <span className="rp-label">{t('replayPage.controls.speed')}</span>
        {SPEEDS.map((s) => {
          const on = info?.speed === s;
          return (
            <button key={String(s)} type="button" role="radio" aria-checked={on} className={`rp-seg${on ? ' on' : ''}`} disabled={!ready} onClick={() => p.onSpeed(s)} data-testid={`speed-${s}`}>
              {s === 'max' ? t('replayPage.controls.max') : `${s}×`}
            </button>
          );
        })}
      </div>
      <span className="rp-spacer" />
      <div className="rp-group">
        <button type="button" className="rp-btn" disabled={!info || p.exporting} onClick={p.onExport} data-testid="control-export">
          {p.exporting ? t('replayPage.controls.exporting') : t('replayPage.controls.export')}
        </button>
        <button type="button" className="rp-btn" disabled={!info} onClick={p.onClose} data-testid="control-close">
          {t('replayPage.controls.close')}
        </button>
        <button type="button" className="rp-btn live" onClick={p.onLive} data-testid="control-live">
          {t('replayPage.controls.live')}
        </button>
      </div>
    </div>
  );
});
