// The console's open alert without a screen: the selection reducer, what acting on an alert says
// (a conflict apart from other failures), the silence prefilled from an alert, and the context
// chart's window. Each test names the rule it checks.
import { beforeAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { AlertDetailResponse } from '@torch/shared';
import { initI18n } from '../../frontend/src/i18n/index.ts';
import { ApiError } from '../../frontend/src/console/api.ts';
import {
  NOTHING_OPEN, type SelectionAction, type SelectionState, ackFailureNotice, detailErrorText, isConflict, selectionReducer, silenceMatchersOf,
} from '../../frontend/src/console/selection.ts';
import { CONTEXT_HOURS, contextWindow } from '../../frontend/src/console/useContextSeries.ts';

// Thursday 26 Nov 2026, 10:00 in Shanghai (02:00 UTC); the tests run with TZ=UTC.
const T0 = Date.UTC(2026, 10, 26, 2, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

const alert = (labels: Record<string, string>): AlertDetailResponse['alert'] => ({
  id: 'big-declaration|park=hubian-park@1', fingerprint: 'big-declaration|park=hubian-park',
  rule: { id: 'big-declaration', kind: 'large-event', severity: 'critical', name: { zh: '大额报关', en: 'Large declaration' } },
  labels, since: T0, firedAt: T0, value: 2.5e7, threshold: 1e7, detail: {}, resolvedAt: null, resolvedValue: null, ack: null, version: 1, status: 'firing', silenced: false,
});
const detail: AlertDetailResponse = { alert: alert({ park: 'hubian-park' }), audit: [] };
const run = (actions: SelectionAction[], s: SelectionState = NOTHING_OPEN) => actions.reduce(selectionReducer, s);

beforeAll(() => {
  initI18n('zh-CN');
});

describe('the open alert', () => {
  it('choosing another alert starts afresh: no detail, error, notice or silence form carried over', () => {
    const busy = run([{ type: 'loaded', detail }, { type: 'noticed', notice: { kind: 'ok', text: 'done' } }, { type: 'silenceStarted', matchers: { ruleId: 'x' } }]);
    expect(run([{ type: 'chosen' }], busy)).toEqual(NOTHING_OPEN);
  });

  it('a load replaces the detail and clears a load error; a failed load drops the detail it had', () => {
    const failed = run([{ type: 'loadFailed', error: '网络连接失败' }]);
    expect(run([{ type: 'loaded', detail }], failed)).toMatchObject({ detail, error: null });
    expect(run([{ type: 'loaded', detail }, { type: 'loadFailed', error: 'gone' }])).toMatchObject({ detail: null, error: 'gone' });
  });

  it('a reload keeps the notice after acting (the user still reads what happened)', () => {
    const s = run([{ type: 'loaded', detail }, { type: 'noticed', notice: { kind: 'conflict', text: 'c' } }, { type: 'loaded', detail }]);
    expect(s.notice).toEqual({ kind: 'conflict', text: 'c' });
  });

  it('a created silence closes its form and says so; a cancelled one just closes', () => {
    const preparing = run([{ type: 'silenceStarted', matchers: { ruleId: 'big-declaration' } }]);
    expect(preparing.silencing).toEqual({ ruleId: 'big-declaration' });
    expect(run([{ type: 'silenceCreated', notice: { kind: 'ok', text: 'ok' } }], preparing)).toMatchObject({ silencing: null, notice: { kind: 'ok', text: 'ok' } });
    expect(run([{ type: 'silenceCancelled' }], preparing)).toMatchObject({ silencing: null, notice: null });
  });

  it('a silence from an alert matches its rule, and its park and source only when it names known ones', () => {
    expect(silenceMatchersOf(alert({ park: 'hubian-park', source: 'customs' }))).toEqual({ ruleId: 'big-declaration', park: 'hubian-park', source: 'customs' });
    expect(silenceMatchersOf(alert({}))).toEqual({ ruleId: 'big-declaration' });
    expect(silenceMatchersOf(alert({ park: 'atlantis', source: 'rumour' }))).toEqual({ ruleId: 'big-declaration' });
  });
});

describe('what acting on an alert says', () => {
  it('a refused acknowledgement for a stale version is a conflict, told apart from every other failure', () => {
    const conflict = new ApiError('CONFLICT', 'acknowledged by li.na already', 409);
    expect(isConflict(conflict)).toBe(true);
    expect(ackFailureNotice(conflict, i18next.t, 'zh')).toEqual({ kind: 'conflict', text: '这条告警刚被他人更新，已为您重新加载，请核对后再操作。' });
    expect(isConflict(new ApiError('FORBIDDEN', 'no', 403))).toBe(false);
    expect(ackFailureNotice(new ApiError('NETWORK', 'fetch failed', 0), i18next.t, 'zh').kind).toBe('error');
    expect(isConflict(new Error('CONFLICT'))).toBe(false);
  });

  it('an alert that no longer exists says so; other load failures give the error', () => {
    expect(detailErrorText(new ApiError('NOT_FOUND', 'Not found', 404), i18next.t, 'zh')).toBe(i18next.t('console.detail.notFound'));
    expect(detailErrorText(new ApiError('NETWORK', 'fetch failed', 0), i18next.t, 'zh')).toBe(i18next.t('console.error.network'));
  });
});

describe('the context chart window', () => {
  it('twelve hours either side of the firing hour, its own bucket included, when that is past', () => {
    const firedAt = T0 + 25 * MIN;
    expect(contextWindow(firedAt, T0 + 48 * HOUR)).toEqual({ from: T0 - CONTEXT_HOURS * HOUR, to: T0 + (CONTEXT_HOURS + 1) * HOUR });
  });

  it('never past the end of the current hour', () => {
    expect(contextWindow(T0 + 25 * MIN, T0 + 2 * HOUR + 10 * MIN)).toEqual({ from: T0 - 12 * HOUR, to: T0 + 3 * HOUR });
  });

  it('at least an hour long, even when the clock says the firing is still ahead', () => {
    const w = contextWindow(T0, T0 - 20 * HOUR);
    expect(w.to - w.from).toBe(HOUR);
  });
});
