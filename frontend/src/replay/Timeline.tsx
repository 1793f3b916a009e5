// The timeline across the replayed period: events per bucket as bars, the alerts that fired live
// (one lane) and those this replay raised (another), each a band from firing to resolution with a
// marker to tap, severity coloured; the playhead at the replay clock. Tap or drag anywhere to seek;
// tap a marker to land a minute before that alert. Keyboard: arrows ±1 min, Page keys ±5 min.
import { type KeyboardEvent, type PointerEvent, memo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HOUR_MS, DAY_MS, type Locale, MINUTE_MS } from '@torch/shared';
import { SEVERITY_COLORS } from '../alerts/describe.ts';
import type { DensityPoint } from './api.ts';
import type { AlertSpan } from './state.ts';
import { type Range, STEP_MS, clampTo, dateTime, fraction, instantAt, tickLabel, ticks } from './time.ts';

export interface TimelineProps {
  range: Range;
  density: readonly DensityPoint[] | null;
  step: 'hour' | 'day';
  live: readonly AlertSpan[];
  replay: readonly AlertSpan[];
  /** The replay clock (null: no session yet). */
  clock: number | null;
  onSeek?: (at: number) => void;
  onJump?: (span: AlertSpan) => void;
  locale: Locale;
}

const pct = (f: number) => `${(f * 100).toFixed(3)}%`;

export const Timeline = memo(function Timeline(p: TimelineProps) {
  const { t } = useTranslation();
  const { range } = p;
  const surface = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<number | null>(null);
  const interactive = !!p.onSeek && p.clock !== null;
  const span = range.to - range.from;

  const at = (e: PointerEvent<HTMLDivElement>) => {
    const box = surface.current!.getBoundingClientRect();
    return instantAt(box.width > 0 ? (e.clientX - box.left) / box.width : 0, range);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!interactive) return;
    surface.current?.setPointerCapture?.(e.pointerId);
    setDrag(at(e));
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag !== null) setDrag(at(e));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (drag === null) return;
    const target = at(e);
    setDrag(null);
    p.onSeek?.(target);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!interactive || p.clock === null) return;
    const moves: Record<string, number> = { ArrowLeft: -MINUTE_MS, ArrowRight: MINUTE_MS, PageDown: -STEP_MS, PageUp: STEP_MS, Home: -Infinity, End: Infinity };
    const d = moves[e.key];
    if (d === undefined) return;
    e.preventDefault();
    p.onSeek?.(clampTo(Number.isFinite(d) ? p.clock + d : d < 0 ? range.from : range.to, range));
  };

  const head = drag ?? p.clock;
  const stepMs = p.step === 'hour' ? HOUR_MS : DAY_MS;
  const bars = (p.density ?? []).filter((d) => d.t + stepMs > range.from && d.t < range.to);
  const max = Math.max(1, ...bars.map((d) => d.v));
  const tickList = ticks(range);

  return (
    <div className="rp-timeline" data-testid="timeline" data-from={range.from} data-to={range.to}>
      <div className="rp-tl-legend">
        <span className="rp-tl-key density" data-testid="timeline-peak" data-peak={bars.length > 0 ? max : ''}>
          {bars.some((d) => d.v > 0) ? t('replayPage.timeline.densityPeak', { n: max.toLocaleString(p.locale), unit: t(`replayPage.timeline.${p.step}`) }) : t('replayPage.timeline.density')}
        </span>
        <span className="rp-tl-key live">{t('replayPage.timeline.liveAlerts')}</span>
        <span className="rp-tl-key replay">{t('replayPage.timeline.replayAlerts')}</span>
        <span className="rp-tl-range num">{dateTime(range.from)} — {dateTime(range.to)}</span>
      </div>
      <div className="rp-tl-track">
        <div
          ref={surface}
          className={`rp-tl-surface${interactive ? ' interactive' : ''}`}
          data-testid="timeline-surface"
          role="slider"
          tabIndex={interactive ? 0 : -1}
          aria-label={t('replayPage.timeline.label')}
          aria-valuemin={range.from}
          aria-valuemax={range.to}
          aria-valuenow={p.clock ?? range.from}
          aria-valuetext={p.clock !== null ? dateTime(p.clock) : undefined}
          aria-disabled={!interactive}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setDrag(null)}
          onKeyDown={onKeyDown}
        >
          <div className="rp-tl-density" data-testid="timeline-density" data-count={bars.length}>
            {bars.map((d) => {
              const left = fraction(Math.max(d.t, range.from), range);
              const right = fraction(Math.min(d.t + stepMs, range.to), range);
              return <span key={d.t} className="rp-tl-bar" data-t={d.t} data-v={d.v} style={{ left: pct(left), width: pct(Math.max(0, right - left)), height: pct(d.v / max) }} />;
            })}
            {p.density !== null && bars.every((d) => d.v === 0) ? <span className="rp-tl-empty">{t('replayPage.timeline.empty')}</span> : null}
          </div>
          {head !== null ? <div className="rp-tl-played" style={{ width: pct(fraction(head, range)) }} /> : null}
        </div>
        <Lane kind="live" spans={p.live} range={range} onJump={p.onJump} locale={p.locale} />
        <Lane kind="replay" spans={p.replay} range={range} onJump={p.onJump} locale={p.locale} />
        {head !== null ? (
          <div className={`rp-tl-playhead${drag !== null ? ' dragging' : ''}`} data-testid="timeline-playhead" data-at={head} style={{ left: pct(fraction(head, range)) }}>
            <span className="rp-tl-playhead-label num">{dateTime(head).slice(span > DAY_MS ? 5 : 11)}</span>
          </div>
        ) : null}
      </div>
      <div className="rp-tl-ticks" aria-hidden>
        {tickList.map((x) => (
          <span key={x} className="rp-tl-tick num" style={{ left: pct(fraction(x, range)) }}>{tickLabel(x, span)}</span>
        ))}
      </div>
    </div>
  );
});

function Lane({ kind, spans, range, onJump, locale }: { kind: 'live' | 'replay'; spans: readonly AlertSpan[]; range: Range; onJump?: ((s: AlertSpan) => void) | undefined; locale: Locale }) {
  const { t } = useTranslation();
  const inRange = spans.filter((s) => s.firedAt <= range.to && (s.resolvedAt ?? Infinity) >= range.from);
  return (
    <div className={`rp-tl-lane ${kind}`} data-testid={`timeline-lane-${kind}`}>
      {inRange.map((s) => {
        const start = fraction(s.firedAt, range);
        const end = fraction(s.resolvedAt ?? range.to, range);
        return (
          <span key={s.id} className="rp-tl-span" style={{ left: pct(start), width: pct(Math.max(0, end - start)), background: SEVERITY_COLORS[s.severity] }} />
        );
      }).concat(inRange.filter((s) => s.firedAt >= range.from).map((s) => {
        const name = locale === 'en' ? s.name.en : s.name.zh;
        return (
          <button
            key={`m-${s.id}`}
            type="button"
            className={`rp-tl-marker ${s.severity}`}
            data-testid="timeline-alert"
            data-origin={kind}
            data-alert-id={s.id}
            data-fired-at={s.firedAt}
            data-severity={s.severity}
            style={{ left: pct(fraction(s.firedAt, range)), color: SEVERITY_COLORS[s.severity] }}
            aria-label={t('replayPage.timeline.jump', { name })}
            title={`${name} · ${t('replayPage.timeline.firedAt', { time: dateTime(s.firedAt) })}`}
            disabled={!onJump}
            onClick={() => onJump?.(s)}
          >
            <span className="rp-tl-dot" />
          </button>
        );
      }))}
    </div>
  );
}
