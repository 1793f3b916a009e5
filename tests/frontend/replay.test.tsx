// The replay page's parts fed fixed data in happy-dom: the timeline (density, alert markers, the
// playhead, seeking by tap, drag and keys), the controls, the Shanghai-time helpers, the message
// reducer, the errors in both languages, and the page itself against a canned API and socket.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import i18next from 'i18next';
import type { AlertTransition, ScreenView, ReplayInfo, ReplayMeta, ReplayViewMessage, Session } from '@torch/shared';
import { initI18n } from '../../frontend/src/i18n/index.ts';
import { Timeline } from '../../frontend/src/replay/Timeline.tsx';
import { Controls, SPEEDS } from '../../frontend/src/replay/Controls.tsx';
import { ReplayBanner } from '../../frontend/src/replay/ReplayBanner.tsx';
import { ReplayPage, SESSION_STORAGE_KEY } from '../../frontend/src/replay/ReplayPage.tsx';
import { type LiveAlert, type ReplayApi, ReplayApiError, replayErrorText, retentionOf } from '../../frontend/src/replay/api.ts';
import { type AlertSpan, EMPTY_FEED, openReplayAlerts, replaySpans, wasClosed } from '../../frontend/src/replay/state.ts';
import { replayEn, replayZhCN } from '../../frontend/src/replay/strings.ts';
import {
  checkRange, densityFrom, densityStep, fromInputValue, instantAt, quickRange, rangeBeforeAlert, rangeFromSearch, tickLabel, ticks, toInputValue,
} from '../../frontend/src/replay/time.ts';
import { type ReplayFeedState, mergeReplayMeta, useReplayFeed } from '../../frontend/src/replay/useReplayFeed.ts';
import { ConnectionProvider } from '../../frontend/src/net/ConnectionProvider.tsx';
import { fakeOpen } from '../helpers/fakeSocket.ts';

// Thursday 26 Nov 2026, 10:00 in Shanghai (02:00 UTC); the tests run with TZ=UTC.
const T0 = Date.UTC(2026, 10, 26, 2, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const RANGE = { from: T0, to: T0 + 2 * HOUR };

const span = (over: Partial<AlertSpan> & { id: string }): AlertSpan => ({
  name: { zh: '单笔报关超过1000万美元', en: 'Declaration over USD 10 million' }, severity: 'critical', labels: { park: 'hubian-park', source: 'customs' },
  firedAt: T0 + 30 * MIN, resolvedAt: T0 + 60 * MIN, origin: 'live', ...over,
});

const info = (over: Partial<ReplayInfo> = {}): ReplayInfo => ({
  id: '6f1c1a52-8a53-4d3e-9a40-2d1f0c6a7b11', from: RANGE.from, to: RANGE.to, sources: null, parks: null, createdBy: 'op', createdAt: T0,
  status: 'paused', clock: RANGE.from, speed: 60, watchers: 1, error: null, ...over,
});

const fire = (id: string, at: number, severity: 'critical' | 'warning' = 'critical'): AlertTransition => ({
  type: 'fire', id, fingerprint: id.split('@')[0]!, rule: { id: 'big-declaration', kind: 'large-event', severity, name: { zh: '大额报关', en: 'Large declaration' } },
  labels: { park: 'hubian-park' }, since: at, at, value: 25_000_000, threshold: 10_000_000, detail: {},
});
const resolve = (id: string, at: number): AlertTransition => ({ type: 'resolve', id, fingerprint: id.split('@')[0]!, ruleId: 'big-declaration', at, value: null });

beforeAll(() => {
  initI18n('zh-CN');
});
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  localStorage.clear();
  sessionStorage.clear();
  await i18next.changeLanguage('zh-CN');
});

describe('the page strings', () => {
  it('are registered with i18next in both languages, the same keys in each', async () => {
    expect(i18next.t('replayPage.title')).toBe('数据回放');
    await i18next.changeLanguage('en');
    expect(i18next.t('replayPage.controls.live')).toBe('Back to live');
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [p + k] : keys(v as object, `${p}${k}.`)));
    expect(keys(replayEn).sort()).toEqual(keys(replayZhCN).sort());
  });

  it('survive i18next being initialised again (the store is replaced)', () => {
    initI18n('zh-CN');
    expect(i18next.t('replayPage.banner')).toBe('回放');
  });
});

describe('Shanghai time on the page', () => {
  it('reads and writes the date-time inputs in Shanghai whatever the browser zone', () => {
    expect(toInputValue(T0)).toBe('2026-11-26T10:00');
    expect(fromInputValue('2026-11-26T10:00')).toBe(T0);
    expect(fromInputValue('')).toBeNull();
    expect(fromInputValue('2026-02-30T10:00')).toBeNull();
  });

  it('quick choices: last hour, today and yesterday on Shanghai days', () => {
    const now = T0 + 5 * MIN + 30_000;
    expect(quickRange('lastHour', now)).toEqual({ from: T0 + 5 * MIN - HOUR, to: T0 + 5 * MIN });
    const midnight = Date.UTC(2026, 10, 25, 16, 0); // 26 Nov 00:00 in Shanghai
    expect(quickRange('today', now)).toEqual({ from: midnight, to: T0 + 5 * MIN });
    expect(quickRange('yesterday', now)).toEqual({ from: midnight - 24 * HOUR, to: midnight });
  });

  it('a deep link: ?at= is the start, &to= optional (an hour by default, never past now)', () => {
    expect(rangeFromSearch(`?at=${T0}&to=${T0 + 2 * HOUR}`, T0 + 10 * HOUR)).toEqual({ from: T0, to: T0 + 2 * HOUR });
    expect(rangeFromSearch(`?at=${T0}`, T0 + 10 * HOUR)).toEqual({ from: T0, to: T0 + HOUR });
    expect(rangeFromSearch(`?at=${T0}`, T0 + 20 * MIN)).toEqual({ from: T0, to: T0 + 20 * MIN });
    expect(rangeFromSearch('?lang=en', T0)).toBeNull();
    expect(rangeFromSearch('?at=soon', T0)).toBeNull();
  });

  it('five minutes before an alert, for an hour; ranges are checked before asking the gateway', () => {
    expect(rangeBeforeAlert(T0 + 30 * MIN + 12_000, T0 + 10 * HOUR)).toEqual({ from: T0 + 25 * MIN, to: T0 + 85 * MIN });
    expect(checkRange(T0, T0 + HOUR, T0 + 2 * HOUR)).toBeNull();
    expect(checkRange(T0, T0, T0 + 2 * HOUR)).toBe('order');
    expect(checkRange(null, T0, T0)).toBe('invalid');
    expect(checkRange(T0, T0 + 40 * 24 * HOUR, T0 + 50 * 24 * HOUR)).toBe('tooLong');
    expect(checkRange(T0, T0 + 3 * HOUR, T0 + HOUR)).toBe('future');
    expect(densityStep(RANGE)).toBe('hour');
    expect(densityStep({ from: T0, to: T0 + 30 * 24 * HOUR })).toBe('hour');
    expect(densityStep({ from: T0, to: T0 + 100 * 24 * HOUR })).toBe('day');
    // The bucket holding the start is asked for too (the gateway lists buckets starting in the range).
    expect(densityFrom({ from: T0 + 7 * MIN, to: T0 + HOUR }, 'hour')).toBe(T0);
    expect(densityFrom({ from: T0 + 7 * MIN, to: T0 + HOUR }, 'day')).toBe(Date.UTC(2026, 10, 25, 16, 0));
  });

  it('ticks fall on Shanghai wall-clock boundaries', () => {
    const ts = ticks({ from: T0 + 7 * MIN, to: T0 + 2 * HOUR });
    expect(ts.map((t) => tickLabel(t, 2 * HOUR))).toEqual(['10:15', '10:30', '10:45', '11:00', '11:15', '11:30', '11:45', '12:00']);
    const days = ticks({ from: T0, to: T0 + 5 * 24 * HOUR });
    expect(days[0]).toBe(Date.UTC(2026, 10, 26, 16, 0)); // 27 Nov 00:00 in Shanghai
    expect(days.map((t) => tickLabel(t, 5 * 24 * HOUR))).toEqual(['11-27', '11-28', '11-29', '11-30', '12-01']);
    expect(instantAt(0.25, RANGE)).toBe(T0 + 30 * MIN);
  });
});

describe('timeline', () => {
  const density = [
    { t: T0 - HOUR, v: 999 }, // before the range: not drawn
    { t: T0, v: 120 },
    { t: T0 + HOUR, v: 60 },
  ];
  const live = [span({ id: 'a@1' }), span({ id: 'b@2', severity: 'warning', firedAt: T0 + 90 * MIN, resolvedAt: null })];
  const replay = [span({ id: 'a@1', origin: 'replay', resolvedAt: null })];

  it('draws the density, the live and replayed alerts in their lanes, and the playhead at the replay clock', () => {
    render(<Timeline range={RANGE} density={density} step="hour" live={live} replay={replay} clock={T0 + 30 * MIN} onSeek={() => {}} onJump={() => {}} locale="zh-CN" />);
    const bars = screen.getByTestId('timeline-density').querySelectorAll('.rp-tl-bar');
    expect([...bars].map((b) => b.getAttribute('data-v'))).toEqual(['120', '60']);
    expect((bars[0] as HTMLElement).style.height).toBe('100.000%');
    expect((bars[1] as HTMLElement).style.height).toBe('50.000%');
    expect((bars[1] as HTMLElement).style.left).toBe('50.000%');

    const liveMarks = screen.getByTestId('timeline-lane-live').querySelectorAll('[data-testid=timeline-alert]');
    expect([...liveMarks].map((m) => [m.getAttribute('data-alert-id'), m.getAttribute('data-severity'), (m as HTMLElement).style.left])).toEqual([
      ['a@1', 'critical', '25.000%'],
      ['b@2', 'warning', '75.000%'],
    ]);
    expect(liveMarks[0]!.getAttribute('aria-label')).toContain('单笔报关超过1000万美元');
    expect(screen.getByTestId('timeline-lane-replay').querySelectorAll('[data-testid=timeline-alert]')).toHaveLength(1);

    const head = screen.getByTestId('timeline-playhead');
    expect(head.getAttribute('data-at')).toBe(String(T0 + 30 * MIN));
    expect(head.style.left).toBe('25.000%');
    expect(head.textContent).toBe('10:30');
    expect(screen.getByTestId('timeline').textContent).toContain('2026-11-26 10:00 — 2026-11-26 12:00');
    expect(screen.getByTestId('timeline-surface').getAttribute('aria-valuetext')).toBe('2026-11-26 10:30');
    // The bars are relative: the legend says what the tallest stands for.
    expect(screen.getByTestId('timeline-peak').textContent).toBe('事件量（峰值 120 条/小时）');
  });

  it('a tap on a marker jumps to that alert; a tap or a drag on the track seeks there; keys step', () => {
    const onSeek = vi.fn();
    const onJump = vi.fn();
    render(<Timeline range={RANGE} density={density} step="hour" live={live} replay={[]} clock={T0 + 30 * MIN} onSeek={onSeek} onJump={onJump} locale="zh-CN" />);
    fireEvent.click(screen.getAllByTestId('timeline-alert')[1]!);
    expect(onJump).toHaveBeenCalledWith(live[1]);

    const surface = screen.getByTestId('timeline-surface');
    surface.getBoundingClientRect = () => ({ left: 100, width: 1000, top: 0, height: 50, right: 1100, bottom: 50, x: 100, y: 0, toJSON: () => ({}) });
    fireEvent.pointerDown(surface, { clientX: 600, pointerId: 1 });
    // While dragging, the playhead follows the finger; the seek happens on release.
    fireEvent.pointerMove(surface, { clientX: 850, pointerId: 1 });
    expect(screen.getByTestId('timeline-playhead').getAttribute('data-at')).toBe(String(T0 + 90 * MIN));
    expect(onSeek).not.toHaveBeenCalled();
    fireEvent.pointerUp(surface, { clientX: 850, pointerId: 1 });
    expect(onSeek).toHaveBeenLastCalledWith(T0 + 90 * MIN);

    fireEvent.keyDown(surface, { key: 'ArrowRight' });
    expect(onSeek).toHaveBeenLastCalledWith(T0 + 31 * MIN);
    fireEvent.keyDown(surface, { key: 'PageDown' });
    expect(onSeek).toHaveBeenLastCalledWith(T0 + 25 * MIN);
    fireEvent.keyDown(surface, { key: 'End' });
    expect(onSeek).toHaveBeenLastCalledWith(RANGE.to);
  });

  it('before a session: the range and its alerts, no playhead, nothing to seek', () => {
    const onSeek = vi.fn();
    render(<Timeline range={RANGE} density={[]} step="hour" live={live} replay={[]} clock={null} locale="en" />);
    expect(screen.queryByTestId('timeline-playhead')).toBeNull();
    fireEvent.pointerDown(screen.getByTestId('timeline-surface'), { clientX: 10 });
    expect(onSeek).not.toHaveBeenCalled();
    expect((screen.getAllByTestId('timeline-alert')[0] as HTMLButtonElement).disabled).toBe(true);
  });

  it('speaks English, and says when the period has no events', async () => {
    await i18next.changeLanguage('en');
    render(<Timeline range={RANGE} density={[{ t: T0, v: 0 }]} step="hour" live={live} replay={[]} clock={T0} onSeek={() => {}} onJump={() => {}} locale="en" />);
    expect(screen.getByTestId('timeline').textContent).toContain('Alerts that fired live');
    expect(screen.getByTestId('timeline').textContent).toContain('No events recorded in this period');
    expect(screen.getAllByTestId('timeline-alert')[0]!.getAttribute('aria-label')).toBe('Jump to a minute before: Declaration over USD 10 million');
  });
});

describe('the REPLAY banner', () => {
  it('shows the replay clock in Shanghai time, the status, the speed and the focus', async () => {
    const at = T0 + 83 * MIN + 7000;
    const props = { connection: 'live' as const, user: 'duty-op', onSwitchLanguage: () => {} };
    const { rerender } = render(<ReplayBanner info={info({ clock: at, status: 'playing', speed: 300, parks: ['hubian-park', 'torch-park'], sources: ['customs'] })} locale="zh-CN" {...props} />);
    const banner = screen.getByTestId('replay-banner');
    expect(screen.getByTestId('replay-clock').textContent).toBe('11:23:07');
    expect(screen.getByTestId('replay-clock').getAttribute('data-clock')).toBe(String(at));
    expect(banner.textContent).toContain('2026年11月26日 星期四');
    expect(screen.getByTestId('replay-status').getAttribute('data-status')).toBe('playing');
    expect(banner.textContent).toContain('播放中');
    expect(banner.textContent).toContain('300 倍速');
    expect(screen.getByTestId('replay-focus').textContent).toBe('关注园区湖边科创园火炬园关注数据源海关');
    await i18next.changeLanguage('en');
    rerender(<ReplayBanner info={info({ speed: 'max' })} locale="en" {...props} />);
    expect(banner.textContent).toContain('REPLAY');
    expect(banner.textContent).toContain('Thu 26 Nov 2026');
    expect(banner.textContent).toContain('Full speed');
    expect(screen.getByTestId('replay-focus').textContent).toBe('Whole zone, all sources');
    rerender(<ReplayBanner info={null} locale="en" {...props} />);
    expect(screen.getByTestId('replay-status').textContent).toBe('Not started');
  });
});

describe('controls', () => {
  const handlers = () => ({ onPlay: vi.fn(), onPause: vi.fn(), onStep: vi.fn(), onSpeed: vi.fn(), onExport: vi.fn(), onClose: vi.fn(), onLive: vi.fn() });

  it('paused: play, the speeds with the current one checked, steps, export, end, back to live', () => {
    const h = handlers();
    render(<Controls info={info({ clock: RANGE.from + 10 * MIN })} exporting={false} {...h} />);
    fireEvent.click(screen.getByTestId('control-play'));
    expect(h.onPlay).toHaveBeenCalled();
    expect(screen.queryByTestId('control-pause')).toBeNull();
    expect(SPEEDS.map((s) => screen.getByTestId(`speed-${s}`).textContent)).toEqual(['1×', '10×', '60×', '300×', '1000×', '最快']);
    expect(screen.getByTestId('speed-60').getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByTestId('speed-max'));
    expect(h.onSpeed).toHaveBeenCalledWith('max');
    fireEvent.click(screen.getByTestId('control-back'));
    fireEvent.click(screen.getByTestId('control-forward'));
    expect(h.onStep.mock.calls).toEqual([[-1], [1]]);
    fireEvent.click(screen.getByTestId('control-export'));
    fireEvent.click(screen.getByTestId('control-close'));
    fireEvent.click(screen.getByTestId('control-live'));
    expect([h.onExport, h.onClose, h.onLive].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
  });

  it('playing: pause instead of play; at the start no step back; at the end "play again"', () => {
    const h = handlers();
    const { rerender } = render(<Controls info={info({ status: 'playing', speed: 'max' })} exporting={false} {...h} />);
    fireEvent.click(screen.getByTestId('control-pause'));
    expect(h.onPause).toHaveBeenCalled();
    expect(screen.getByTestId('speed-max').getAttribute('aria-checked')).toBe('true');
    expect((screen.getByTestId('control-back') as HTMLButtonElement).disabled).toBe(true);
    rerender(<Controls info={info({ status: 'ended', clock: RANGE.to })} exporting {...h} />);
    expect(screen.getByTestId('control-play').textContent).toContain('从头播放');
    expect((screen.getByTestId('control-forward') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('control-export').textContent).toBe('正在导出…');
  });

  it('without a session only "back to live" works; English labels', async () => {
    await i18next.changeLanguage('en');
    const h = handlers();
    render(<Controls info={null} exporting={false} {...h} />);
    for (const id of ['control-play', 'control-back', 'control-forward', 'control-export', 'control-close', 'speed-1']) expect((screen.getByTestId(id) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('control-live').textContent).toBe('Back to live');
    expect(screen.getByTestId('control-play').textContent).toContain('Play');
  });
});

describe('replay messages', () => {
  it("a delta without the alert list keeps the one held; one with it replaces it", () => {
    const held: ReplayMeta = { kind: 'replay', info: info(), alerts: [fire('x@1', T0)] };
    expect(mergeReplayMeta(held, { kind: 'replay', info: info({ clock: T0 + MIN }) })).toEqual({ kind: 'replay', info: info({ clock: T0 + MIN }), alerts: held.alerts });
    expect(mergeReplayMeta(held, { kind: 'replay', info: info(), alerts: [] }).alerts).toEqual([]);
    expect(mergeReplayMeta(null, { kind: 'replay', info: info() }).alerts).toBeUndefined();
  });

  it('the open alerts at the replay clock, and the spans for the timeline', () => {
    const ts = [fire('a@1', T0), fire('b@2', T0 + MIN, 'warning'), resolve('a@1', T0 + 20 * MIN)];
    expect(openReplayAlerts(ts).map((a) => [a.id, a.status])).toEqual([['b@2', 'firing']]);
    expect(replaySpans(ts).map((s) => [s.id, s.severity, s.firedAt, s.resolvedAt])).toEqual([
      ['a@1', 'critical', T0, T0 + 20 * MIN],
      ['b@2', 'warning', T0 + MIN, null],
    ]);
    expect(wasClosed(info({ status: 'closed', clock: T0 + MIN }))).toBe(true);
    expect(wasClosed(info({ status: 'ended', clock: RANGE.to }))).toBe(false);
  });
});

describe('watching a session over the page connection', () => {
  const id = info().id;
  const channel = `replay:${id}`;
  const view = { asOf: T0, metrics: { zone: { sales: { mtd: 1 } } } } as unknown as ScreenView;
  const message = (m: Partial<ReplayViewMessage> & { info?: ReplayInfo; alerts?: AlertTransition[] }): ReplayViewMessage => {
    const { info: i, alerts, ...rest } = m;
    return { type: 'delta', channel, epoch: 'r1', seq: 1, patch: {}, meta: { kind: 'replay', info: i ?? info(), ...(alerts ? { alerts } : {}) }, ...rest } as ReplayViewMessage;
  };

  it('subscribes when a session is shown, applies snapshot and deltas, resumes after a gap and a reconnect, releases it when it goes', () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const { open, sockets } = fakeOpen();
    const wrapper = ({ children }: { children: React.ReactNode }) => <ConnectionProvider auth={{ token: () => 'token-'.repeat(3) }} open={open}>{children}</ConnectionProvider>;
    const { result, rerender, unmount } = renderHook(({ session }: { session: string | null }) => useReplayFeed(session), { initialProps: { session: null as string | null }, wrapper });
    const socket = sockets.at(-1)!;
    act(() => socket.up());
    expect(socket.sent).toEqual([]); // no session yet

    rerender({ session: id });
    expect(socket.sent).toEqual([['subscribe', { channel }]]);
    act(() => {
      socket.fire('view', message({ type: 'snapshot', seq: 3, view, alerts: [fire('a@1', T0)] } as never));
      socket.answer('subscribe', { ok: true, data: { channel, mode: 'snapshot', seq: 3 } });
    });
    expect(result.current.feed.view).toBe(view);
    expect(result.current.status).toBe('live');
    act(() => socket.fire('view', message({ seq: 4, info: info({ status: 'playing', clock: T0 + MIN }), patch: { metrics: { zone: { sales: { mtd: 5 } } } } } as never)));
    expect(result.current.feed.view!.metrics.zone.sales.mtd).toBe(5);
    expect(result.current.feed.info!.clock).toBe(T0 + MIN);
    expect(result.current.feed.alerts).toHaveLength(1);

    // A missed delta: ask again from where the page stands (the missed ones, or a snapshot).
    vi.setSystemTime(T0 + 1000);
    act(() => socket.fire('view', message({ seq: 6, info: info({ clock: T0 + 3 * MIN }), patch: { metrics: { zone: { sales: { mtd: 9 } } } } } as never)));
    expect(result.current.feed.view!.metrics.zone.sales.mtd).toBe(5); // not applied out of order
    expect(result.current.feed.info!.clock).toBe(T0 + 3 * MIN);
    expect(socket.sent.at(-1)).toEqual(['subscribe', { channel, resume: { epoch: 'r1', seq: 4 } }]);
    act(() => socket.fire('view', message({ type: 'snapshot', seq: 6, info: info({ clock: T0 + 3 * MIN }), view: { ...view, asOf: T0 + 3 * MIN } } as never)));
    expect(result.current.feed.view!.asOf).toBe(T0 + 3 * MIN);

    // The connection drops and comes back: subscribed again from the position held.
    act(() => socket.down());
    expect(result.current.status).toBe('stale');
    act(() => socket.up());
    expect(socket.sent.at(-1)).toEqual(['subscribe', { channel, resume: { epoch: 'r1', seq: 6 } }]);
    // Meanwhile the session was closed (idle): the page is told it is gone.
    act(() => socket.answer('subscribe', { ok: false, error: { code: 'NOT_FOUND', message: 'Not found' } }));
    expect(result.current.problem).toBe('gone');

    // Another session: the first is released; leaving the page closes the socket.
    rerender({ session: null });
    expect(socket.sent.at(-1)).toEqual(['unsubscribe', { channel }]);
    expect(result.current.feed).toEqual(EMPTY_FEED);
    expect(result.current.problem).toBeNull();
    rerender({ session: id });
    expect(socket.sent.at(-1)).toEqual(['subscribe', { channel }]);
    unmount();
    expect(socket.closed).toBe(true);
    expect(socket.listeners('view')).toBe(0);
    vi.useRealTimers();
  });
});

describe('errors in the page language', () => {
  const message = 'the streams hold events from 2026-11-18T14:03:10.000+08:00 on; the earliest start is 2026-11-26T00:00:00.000+08:00';

  it('OUT_OF_RETENTION names the earliest start and the oldest event in Shanghai time', () => {
    const e = new ReplayApiError('OUT_OF_RETENTION', message, 422);
    expect(retentionOf(message)).toEqual({ firstEvent: Date.parse('2026-11-18T14:03:10.000+08:00'), earliestStart: Date.UTC(2026, 10, 25, 16, 0) });
    expect(replayErrorText(e, i18next.t, 'zh')).toBe('该时段的原始数据已不在保留范围内。最早可回放的开始时间：2026-11-26 00:00；记录中最早的事件：2026-11-18 14:03');
    expect(replayErrorText(new ReplayApiError('OUT_OF_RETENTION', 'the streams hold no recorded events yet', 422), i18next.t, 'zh')).toBe('该时段的原始数据已不在保留范围内。尚无任何记录的事件。');
  });

  it('other codes use the shared text; a network failure its own', async () => {
    await i18next.changeLanguage('en');
    expect(replayErrorText(new ReplayApiError('RATE_LIMITED', 'at most 4 replay sessions at once', 429), i18next.t, 'en')).toBe('Too many requests; try again shortly');
    expect(replayErrorText(new ReplayApiError('NETWORK', 'fetch failed', 0), i18next.t, 'en')).toBe('Could not reach the server; try again');
    expect(replayErrorText(new ReplayApiError('OUT_OF_RETENTION', message, 422), i18next.t, 'en')).toBe(
      'The recorded events of that period are no longer kept. Earliest possible start: 2026-11-26 00:00; Oldest recorded event: 2026-11-18 14:03',
    );
  });
});

describe('the page', () => {
  const signIn = (role: Session['role']) => localStorage.setItem('torch.session', JSON.stringify({ accessToken: 'a'.repeat(20), expiresIn: 900, refreshToken: 'r'.repeat(20), username: 'duty-op', role }));

  function fakeApi(over: Partial<ReplayApi> = {}): ReplayApi & Record<string, ReturnType<typeof vi.fn>> {
    const liveAlert = { id: 'big-declaration|park=hubian-park@1', fingerprint: 'big-declaration|park=hubian-park', rule: { id: 'big-declaration', kind: 'large-event', severity: 'critical', name: { zh: '大额报关', en: 'Large declaration' } }, labels: { park: 'hubian-park' }, since: T0 + 30 * MIN, firedAt: T0 + 30 * MIN, value: 2.5e7, threshold: 1e7, detail: {}, resolvedAt: null, resolvedValue: null, ack: null, version: 1, status: 'firing', silenced: false } as LiveAlert;
    return {
      open: vi.fn(async (r) => info({ from: r.from, to: r.to })),
      get: vi.fn(async () => { throw new ReplayApiError('NOT_FOUND', 'Not found', 404); }),
      control: vi.fn(async (_id, c) => info(c.action === 'seek' ? { clock: c.at } : c.action === 'play' ? { status: 'playing' } : {})),
      close: vi.fn(async () => {}),
      density: vi.fn(async () => [{ t: T0, v: 10 }, { t: T0 + HOUR, v: 5 }]),
      alerts: vi.fn(async () => [liveAlert]),
      exportRange: vi.fn(async () => ({ blob: new Blob(['{}\n']), filename: 'x.ndjson' })),
      ...over,
    } as unknown as ReplayApi & Record<string, ReturnType<typeof vi.fn>>;
  }
  const socket = (state: Partial<ReplayFeedState> = {}) => () => ({ status: 'live' as const, feed: EMPTY_FEED, problem: null, setInfo: () => {}, ...state });

  function Where() {
    const l = useLocation();
    return <div data-testid="where">{l.pathname + l.search}</div>;
  }
  const renderAt = (url: string, page: React.ReactNode) =>
    render(
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/replay" element={page} />
          <Route path="*" element={<Where />} />
        </Routes>
      </MemoryRouter>,
    );

  it('not signed in: to the login form, which brings the user back (language kept)', () => {
    renderAt(`/replay?at=${T0}&lang=en`, <ReplayPage api={fakeApi()} useFeed={socket()} open={fakeOpen().open} now={() => T0 + 10 * HOUR} />);
    expect(screen.getByTestId('where').textContent).toBe(`/login?next=${encodeURIComponent(`/replay?at=${T0}&lang=en`)}&lang=en`);
  });

  it('an official or a wall may not replay, and is told so', () => {
    signIn('official');
    renderAt('/replay', <ReplayPage api={fakeApi()} useFeed={socket()} open={fakeOpen().open} />);
    expect(screen.getByTestId('replay-forbidden').textContent).toContain('您的角色不能使用数据回放');
  });

  it('?at= opens a session at once; the timeline jumps a minute before an alert; back to live closes it', async () => {
    signIn('operator');
    const api = fakeApi();
    renderAt(`/replay?at=${T0}&to=${T0 + 2 * HOUR}`, <ReplayPage api={api} useFeed={socket()} open={fakeOpen().open} now={() => T0 + 10 * HOUR} />);
    await waitFor(() => expect(api.open).toHaveBeenCalledWith({ from: T0, to: T0 + 2 * HOUR, speed: 60 }));
    await waitFor(() => expect(screen.getByTestId('replay-status').getAttribute('data-status')).toBe('paused'));
    expect(screen.getByTestId('replay-clock').textContent).toBe('10:00:00');
    expect(screen.getByTestId('replay-banner').textContent).toContain('回放');
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBe(info().id);
    // The link's range is dropped from the address once open: a reload resumes this session.
    expect((screen.getByTestId('range-from') as HTMLInputElement).value).toBe('2026-11-26T10:00');

    await waitFor(() => expect(screen.getAllByTestId('timeline-alert')).toHaveLength(1));
    expect(api.density).toHaveBeenCalledWith(T0, T0 + 2 * HOUR, 'hour');
    await act(async () => {
      fireEvent.click(screen.getAllByTestId('timeline-alert')[0]!);
    });
    expect(api.control).toHaveBeenLastCalledWith(info().id, { action: 'seek', at: T0 + 29 * MIN });
    await waitFor(() => expect(screen.getByTestId('replay-clock').textContent).toBe('10:29:00'));

    await act(async () => {
      fireEvent.click(screen.getByTestId('control-play'));
    });
    expect(api.control).toHaveBeenLastCalledWith(info().id, { action: 'play' });

    await act(async () => {
      fireEvent.click(screen.getByTestId('control-live'));
    });
    expect(api.close).toHaveBeenCalledWith(info().id);
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/wall'));
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('ending a replay the gateway could not close: the operator is told why, in the page language; one already gone is no failure', async () => {
    signIn('operator');
    const close = vi.fn(async () => {
      throw new ReplayApiError('NETWORK', 'fetch failed', 0);
    });
    const api = fakeApi({ close });
    renderAt(`/replay?at=${T0}&to=${T0 + 2 * HOUR}`, <ReplayPage api={api} useFeed={socket()} open={fakeOpen().open} now={() => T0 + 10 * HOUR} />);
    await waitFor(() => expect(screen.getByTestId('replay-status').getAttribute('data-status')).toBe('paused'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('control-close'));
    });
    expect(close).toHaveBeenCalledWith(info().id);
    expect(screen.getByTestId('replay-notice').getAttribute('data-kind')).toBe('choose');
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(screen.getByTestId('range-error').textContent).toBe('未能在服务器上结束这次回放（网络连接失败，请稍后重试）；无人观看一段时间后它会自动关闭。');

    // Open it again, and this time the gateway has already closed it (idle): nothing to report.
    close.mockImplementation(async () => {
      throw new ReplayApiError('NOT_FOUND', 'Not found', 404);
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('range-open'));
    });
    await waitFor(() => expect(screen.getByTestId('replay-status').getAttribute('data-status')).toBe('paused'));
    expect(screen.queryByTestId('range-error')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByTestId('control-close'));
    });
    expect(close).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('range-error')).toBeNull();
  });

  it('a close nobody can act on (leaving for the live wall, or replacing the tab\'s old session) is logged, not shown, and does not stop the page', async () => {
    signIn('operator');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    sessionStorage.setItem(SESSION_STORAGE_KEY, 'old-session');
    const api = fakeApi({ close: vi.fn(async () => {
      throw new ReplayApiError('NETWORK', 'fetch failed', 0);
    }) });
    renderAt(`/replay?at=${T0}&to=${T0 + 2 * HOUR}`, <ReplayPage api={api} useFeed={socket()} open={fakeOpen().open} now={() => T0 + 10 * HOUR} />);
    // The deep link replaces the tab's old session: closing that fails, the new one opens anyway.
    await waitFor(() => expect(screen.getByTestId('replay-status').getAttribute('data-status')).toBe('paused'));
    expect(api.close).toHaveBeenCalledWith('old-session');
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('old-session'), expect.any(ReplayApiError));
    expect(screen.queryByTestId('range-error')).toBeNull();

    await act(async () => {
      fireEvent.click(screen.getByTestId('control-live'));
    });
    expect(api.close).toHaveBeenLastCalledWith(info().id);
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining(info().id), expect.any(ReplayApiError));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/wall'));
    warn.mockRestore();
  });

  it('a period the streams no longer hold: the reason in the page language, and the earliest start offered', async () => {
    signIn('admin');
    const api = fakeApi({
      open: vi.fn(async () => {
        throw new ReplayApiError('OUT_OF_RETENTION', 'the streams hold events from 2026-11-18T14:03:10.000+08:00 on; the earliest start is 2026-11-26T00:00:00.000+08:00', 422);
      }),
    });
    await i18next.changeLanguage('en');
    renderAt('/replay', <ReplayPage api={api} useFeed={socket()} open={fakeOpen().open} now={() => T0 + 10 * HOUR} />);
    fireEvent.change(screen.getByTestId('range-from'), { target: { value: '2026-11-20T08:00' } });
    fireEvent.change(screen.getByTestId('range-to'), { target: { value: '2026-11-20T09:00' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('range-open'));
    });
    expect(api.open).toHaveBeenCalledWith({ from: Date.UTC(2026, 10, 20, 0, 0), to: Date.UTC(2026, 10, 20, 1, 0), speed: 60 });
    expect(screen.getByTestId('range-error').textContent).toContain('Earliest possible start: 2026-11-26 00:00');
    fireEvent.click(screen.getByTestId('use-earliest'));
    expect((screen.getByTestId('range-from') as HTMLInputElement).value).toBe('2026-11-26T00:00');
    expect((screen.getByTestId('range-to') as HTMLInputElement).value).toBe('2026-11-26T01:00');
    expect(screen.queryByTestId('range-error')).toBeNull();
  });
});
