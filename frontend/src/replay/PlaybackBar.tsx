// Along the bottom: the timeline of the period (density, the alerts that fired live and in the
// replay, the playhead to drag) and the controls, wired to the watched session.
import type { Locale, ReplayInfo } from '@torch/shared';
import type { DensityPoint } from './api.ts';
import { Controls } from './Controls.tsx';
import type { AlertSpan } from './state.ts';
import { type Range, STEP_MS, densityStep } from './time.ts';
import type { SessionCommands } from './useSessionCommands.ts';
import { Timeline } from './Timeline.tsx';

export interface PlaybackBarProps {
  /** The period on the timeline (null: the inputs hold no valid one and nothing is watched). */
  range: Range | null;
  density: DensityPoint[] | null;
  liveSpans: readonly AlertSpan[];
  replaySpans: readonly AlertSpan[];
  /** The watched session, or null. */
  info: ReplayInfo | null;
  /** The watched session was closed: nothing left to control. */
  gone: boolean;
  exporting: boolean;
  commands: Pick<SessionCommands, 'control' | 'exportPeriod' | 'end'>;
  seek: (at: number) => void;
  jump: (s: AlertSpan) => void;
  onLive: () => void;
  locale: Locale;
}

export function PlaybackBar({ range, info, commands, seek, jump, ...p }: PlaybackBarProps) {
  const { control } = commands;
  return (
    <div className="rp-bottom">
      {range ? (
        <Timeline
          range={range} density={p.density} step={densityStep(range)} live={p.liveSpans} replay={p.replaySpans}
          clock={info?.clock ?? null} onSeek={info ? seek : undefined} onJump={info ? jump : undefined} locale={p.locale}
        />
      ) : <div className="rp-timeline placeholder" />}
      <Controls
        info={info && !p.gone ? info : null}
        onPlay={() => control({ action: 'play' })}
        onPause={() => control({ action: 'pause' })}
        onStep={(d) => info && seek(info.clock + d * STEP_MS)}
        onSpeed={(s) => control({ action: 'speed', speed: s })}
        onExport={() => info && void commands.exportPeriod(info)}
        exporting={p.exporting}
        onClose={() => void commands.end()}
        onLive={p.onLive}
      />
    </div>
  );
}
