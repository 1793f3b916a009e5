// The replay page's state, rule by rule: the reducer (every action, pure, time from the action) and
// the selectors the page's parts read it through. Each test names the rule it checks.
import { describe, expect, it } from 'vitest';
import type { ReplayInfo } from '@torch/shared';
import { LIVE_ALERTS_LIMIT, type LiveAlert, ReplayApiError } from '../../frontend/src/replay/api.ts';
import {
  EARLIEST_SPAN_MS, type ReplayPageAction, type ReplayPageState, chosenRange, earliestOffered, initialPageState, liveCountOf, liveSpansOf, replayPageReducer,
  timelineRange, validRange, watchedInfo,
} from '../../frontend/src/replay/pageState.ts';
import { toInputValue } from '../../frontend/src/replay/time.ts';

// Thursday 26 Nov 2026, 10:00 in Shanghai (02:00 UTC); the tests run with TZ=UTC.
const T0 = Date.UTC(2026, 10, 26, 2, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const RANGE = { from: T0, to: T0 + 2 * HOUR };

const info = (over: Partial<ReplayInfo> = {}): ReplayInfo => ({
  id: 'session-a', from: RANGE.from, to: RANGE.to, sources: null, parks: null, createdBy: 'op', createdAt: T0,
  status: 'paused', clock: RANGE.from, speed: 60, watchers: 1, error: null, ...over,
});
const liveAlert = (id: string): LiveAlert => ({
  id, fingerprint: id.split('@')[0]!, rule: { id: 'big-declaration', kind: 'large-event', severity: 'critical', name: { zh: '大额报关', en: 'Large declaration' } },
  labels: { park: 'hubian-park' }, since: T0, firedAt: T0 + 30 * MIN, value: 2.5e7, threshold: 1e7, detail: {}, resolvedAt: T0 + 40 * MIN, resolvedValue: 1, ack: null,
  version: 1, status: 'resolved', silenced: false,
});

const start = () => initialPageState(RANGE);
const run = (actions: ReplayPageAction[], s: ReplayPageState = start()) => actions.reduce(replayPageReducer, s);

describe('the replay page reducer', () => {
  it('starts with the period in the inputs, in Shanghai wall-clock text, and nothing open', () => {
    const s = start();
    expect([s.fromText, s.toText]).toEqual(['2026-11-26T10:00', '2026-11-26T12:00']);
    expect(s).toMatchObject({ sessionId: null, opened: null, opening: false, exporting: false, failure: null, density: null, recent: null, dryRunOpen: false });
  });

  it('is pure: an action returns a new state and leaves the one it was given as it was', () => {
    const s = start();
    const before = structuredClone(s);
    const next = replayPageReducer(s, { type: 'opened', info: info() });
    expect(next).not.toBe(s);
    expect(s).toEqual(before);
  });

  it('typing changes only the input typed in; a quick choice writes both', () => {
    let s = run([{ type: 'fromTyped', text: '2026-11-26T09:00' }]);
    expect([s.fromText, s.toText]).toEqual(['2026-11-26T09:00', '2026-11-26T12:00']);
    s = run([{ type: 'toTyped', text: '' }], s);
    expect(s.toText).toBe('');
    s = run([{ type: 'rangePicked', range: { from: T0 - HOUR, to: T0 } }], s);
    expect([s.fromText, s.toText]).toEqual(['2026-11-26T09:00', '2026-11-26T10:00']);
  });

  it('the earliest start keeps the typed end when it still comes after it, and clears the failure', () => {
    const failed = run([{ type: 'failed', during: 'open', cause: new Error('x') }]);
    const s = run([{ type: 'earliestUsed', at: T0 + 30 * MIN, now: T0 + 10 * HOUR }], failed);
    expect([s.fromText, s.toText]).toEqual(['2026-11-26T10:30', '2026-11-26T12:00']);
    expect(s.failure).toBeNull();
  });

  it('the earliest start after the typed end (or with no valid end) gets an hour, never past now', () => {
    const later = run([{ type: 'earliestUsed', at: T0 + 3 * HOUR, now: T0 + 10 * HOUR }]);
    expect(later.toText).toBe(toInputValue(T0 + 3 * HOUR + EARLIEST_SPAN_MS));
    const noEnd = run([{ type: 'toTyped', text: '' }, { type: 'earliestUsed', at: T0, now: T0 + 20 * MIN }]);
    expect([noEnd.fromText, noEnd.toText]).toEqual(['2026-11-26T10:00', '2026-11-26T10:20']);
  });

  it('the focus is replaced as a whole', () => {
    const s = run([{ type: 'parksFocused', parks: ['torch-park'] }, { type: 'sourcesFocused', sources: ['customs', 'tax'] }]);
    expect([s.parks, s.sources]).toEqual([['torch-park'], ['customs', 'tax']]);
  });

  it('opening clears the last failure; opening another period stops watching the current one at once', () => {
    const watching = run([{ type: 'opened', info: info() }, { type: 'failed', during: 'control', cause: new Error('x') }]);
    const first = run([{ type: 'openStarted', leaving: false }], watching);
    expect(first).toMatchObject({ opening: true, failure: null, sessionId: 'session-a' });
    const swap = run([{ type: 'openStarted', leaving: true }], watching);
    expect(swap).toMatchObject({ opening: true, sessionId: null });
    // The old answer stays, but it no longer names the watched session.
    expect(watchedInfo(swap, null)).toBeNull();
  });

  it('an opened session is watched and no longer opening', () => {
    const s = run([{ type: 'openStarted', leaving: false }, { type: 'opened', info: info({ id: 'session-b' }) }]);
    expect(s).toMatchObject({ opening: false, sessionId: 'session-b' });
    expect(s.opened?.id).toBe('session-b');
  });

  it('a resumed session brings back its period and focus with it', () => {
    const resumed = info({ from: T0 - 5 * HOUR, to: T0 - 4 * HOUR, parks: ['hubian-park'], sources: ['customs'] });
    const s = run([{ type: 'resumed', info: resumed }]);
    expect(s).toMatchObject({ sessionId: 'session-a', fromText: '2026-11-26T05:00', toText: '2026-11-26T06:00', parks: ['hubian-park'], sources: ['customs'] });
    // A session over the whole zone: no focus.
    expect(run([{ type: 'parksFocused', parks: ['torch-park'] }, { type: 'resumed', info: info() }]).parks).toEqual([]);
  });

  it('a control\'s answer replaces the session info and clears the failure', () => {
    const s = run([{ type: 'opened', info: info() }, { type: 'failed', during: 'control', cause: new Error('x') }, { type: 'controlled', info: info({ status: 'playing' }) }]);
    expect(s.opened?.status).toBe('playing');
    expect(s.failure).toBeNull();
  });

  it('closing stops watching and forgets the session info', () => {
    const s = run([{ type: 'opened', info: info() }, { type: 'closed' }]);
    expect([s.sessionId, s.opened]).toEqual([null, null]);
  });

  it('a failure is kept with what was being done; a failed open or export is no longer busy', () => {
    const cause = new ReplayApiError('RATE_LIMITED', 'at most 4', 429);
    const open = run([{ type: 'openStarted', leaving: false }, { type: 'failed', during: 'open', cause }]);
    expect(open.failure).toEqual({ during: 'open', cause });
    expect(open.opening).toBe(false);
    const exp = run([{ type: 'exportStarted' }, { type: 'failed', during: 'export', cause }]);
    expect(exp.exporting).toBe(false);
    // A control failing while a session opens does not end the opening.
    expect(run([{ type: 'openStarted', leaving: false }, { type: 'failed', during: 'control', cause }]).opening).toBe(true);
    expect(run([{ type: 'failed', during: 'close', cause }]).failure?.during).toBe('close');
  });

  it('clearing a failure that is not there changes nothing (same object)', () => {
    const s = start();
    expect(replayPageReducer(s, { type: 'failureCleared' })).toBe(s);
    expect(run([{ type: 'failed', during: 'open', cause: 1 }, { type: 'failureCleared' }]).failure).toBeNull();
  });

  it('an export is busy from start to finish', () => {
    expect(run([{ type: 'exportStarted' }]).exporting).toBe(true);
    expect(run([{ type: 'exportStarted' }, { type: 'exported' }]).exporting).toBe(false);
  });

  it('the timeline\'s data: density as answered, live alerts with the period they were fetched for', () => {
    const alerts = [liveAlert('a@1')];
    const s = run([{ type: 'densityLoaded', points: [{ t: T0, v: 3 }] }, { type: 'liveAlertsLoaded', alerts, range: RANGE }, { type: 'recentLoaded', alerts }]);
    expect(s.density).toEqual([{ t: T0, v: 3 }]);
    expect([s.liveAlerts, s.liveFor, s.recent]).toEqual([alerts, RANGE, alerts]);
    // A failed fetch: no alerts, and no period they would be counted for.
    const failed = run([{ type: 'liveAlertsLoaded', alerts: [], range: null }], s);
    expect([failed.liveAlerts, failed.liveFor]).toEqual([[], null]);
  });

  it('the dry run panel toggles, and closes whatever it was', () => {
    expect(run([{ type: 'dryRunToggled' }]).dryRunOpen).toBe(true);
    expect(run([{ type: 'dryRunToggled' }, { type: 'dryRunToggled' }]).dryRunOpen).toBe(false);
    expect(run([{ type: 'dryRunClosed' }]).dryRunOpen).toBe(false);
    expect(run([{ type: 'dryRunToggled' }, { type: 'dryRunClosed' }]).dryRunOpen).toBe(false);
  });
});

describe('reading the replay page state', () => {
  it('the chosen period is checked against now; only a valid one is a range', () => {
    const ok = chosenRange(start(), T0 + 10 * HOUR);
    expect(ok).toEqual({ from: RANGE.from, to: RANGE.to, problem: null });
    expect(validRange(ok)).toEqual(RANGE);
    const future = chosenRange(start(), T0 + HOUR);
    expect(future.problem).toBe('future');
    expect(validRange(future)).toBeNull();
    expect(chosenRange({ fromText: '', toText: '2026-11-26T12:00' }, T0 + 10 * HOUR).problem).toBe('invalid');
  });

  it('the watched info is the socket\'s when it is about the watched session, else the last REST answer\'s', () => {
    const s = run([{ type: 'opened', info: info() }]);
    const fromSocket = info({ clock: T0 + MIN });
    expect(watchedInfo(s, fromSocket)).toBe(fromSocket);
    expect(watchedInfo(s, info({ id: 'other' }))).toBe(s.opened);
    expect(watchedInfo(s, null)).toBe(s.opened);
    expect(watchedInfo(start(), null)).toBeNull();
  });

  it('the timeline shows the session\'s period while one is watched, else the inputs\' when valid', () => {
    const chosen = chosenRange({ fromText: '2026-11-26T08:00', toText: '2026-11-26T09:00' }, T0 + 10 * HOUR);
    expect(timelineRange(info(), chosen)).toEqual(RANGE);
    expect(timelineRange(null, chosen)).toEqual({ from: T0 - 2 * HOUR, to: T0 - HOUR });
    expect(timelineRange(null, { ...chosen, problem: 'order' })).toBeNull();
  });

  it('the earliest start is offered only for a period the streams no longer hold', () => {
    const message = 'the streams hold events from 2026-11-18T14:03:10.000+08:00 on; the earliest start is 2026-11-26T00:00:00.000+08:00';
    expect(earliestOffered({ during: 'open', cause: new ReplayApiError('OUT_OF_RETENTION', message, 422) })).toBe(Date.UTC(2026, 10, 25, 16, 0));
    expect(earliestOffered({ during: 'open', cause: new ReplayApiError('RATE_LIMITED', message, 429) })).toBeNull();
    expect(earliestOffered({ during: 'open', cause: new Error(message) })).toBeNull();
    expect(earliestOffered(null)).toBeNull();
  });

  it('the live count is known only with its period, and says when the list hit the page\'s limit', () => {
    expect(liveCountOf(start())).toBeNull();
    expect(liveCountOf({ liveFor: RANGE, liveAlerts: [liveAlert('a@1')] })).toEqual({ range: RANGE, count: 1, capped: false });
    const full = Array.from({ length: LIVE_ALERTS_LIMIT }, (_, i) => liveAlert(`a@${i}`));
    expect(liveCountOf({ liveFor: RANGE, liveAlerts: full })?.capped).toBe(true);
  });

  it('live alerts become the timeline\'s live spans, resolution included', () => {
    expect(liveSpansOf([liveAlert('a@1')])).toEqual([{
      id: 'a@1', name: { zh: '大额报关', en: 'Large declaration' }, severity: 'critical', labels: { park: 'hubian-park' },
      firedAt: T0 + 30 * MIN, resolvedAt: T0 + 40 * MIN, origin: 'live',
    }]);
  });
});
