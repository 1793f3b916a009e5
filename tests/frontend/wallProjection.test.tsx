// The wall fed what a display token receives (WallAlert, shared/src/api/wallAlerts.ts): the banner
// says which role acknowledged (never a name), and the projection leaves out silenced and resolved
// alerts and everything but place, so the panels still have all they read.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { type AlertRecord, type WallAlert, toWallAlert, toWallAlerts, wallAlertsMessage } from '@torch/shared';
import { ackedBy } from '../../frontend/src/alerts/describe.ts';
import { boundOpenAlerts } from '../../frontend/src/alerts/open.ts';
import { initI18n } from '../../frontend/src/i18n/index.ts';
import { AlertBanner } from '../../frontend/src/wall/panels/AlertBanner.tsx';
import { stripOf } from '../../frontend/src/wall/panels/AlertStrip.tsx';

const T0 = Date.UTC(2026, 11, 2, 2, 0);
const record = (id: string, over: Partial<AlertRecord> = {}): AlertRecord => ({
  id, fingerprint: `big|event=e-1|park=hubian-park|team=secret-team`, rule: { id: 'big', kind: 'large-event', severity: 'critical', name: { zh: '单笔报关超过1000万美元', en: 'Declaration over USD 10 million' }, unit: 'usd' },
  labels: { park: 'hubian-park', source: 'customs', event: 'e-1', team: 'secret-team' }, since: T0, firedAt: T0, value: 25_000_000, threshold: 10_000_000,
  detail: { eventId: 'e-1', uscc: '91350200MA2Y3K4P2Q' }, resolvedAt: null, resolvedValue: null, ack: null, version: 1, ...over,
});

beforeAll(() => {
  initI18n('zh-CN');
});
afterEach(() => cleanup());

describe('the wall on a display token', () => {
  it('projects an alert to what the wall reads: place labels, value, state, the role that acknowledged', () => {
    const acked = record('a@1', { ack: { by: 'wang.zhuren', at: T0 + 60_000, comment: '已联系企业', role: 'official' }, version: 2 });
    const w = toWallAlert({ ...acked, status: 'acknowledged', silenced: false })!;
    expect(w).toEqual({
      id: 'a@1', rule: acked.rule, labels: { park: 'hubian-park', source: 'customs' }, firedAt: T0, value: 25_000_000, threshold: 10_000_000,
      status: 'acknowledged', silenced: false, ack: { at: T0 + 60_000, role: 'official' },
    } satisfies WallAlert);
    expect(JSON.stringify(w)).not.toMatch(/wang|已联系企业|secret-team|uscc|comment/);
    // A record from before acks carried a role: acknowledged, by nobody named.
    expect(toWallAlert({ ...acked, ack: { by: 'x', at: 1, comment: '' }, status: 'acknowledged', silenced: false })!.ack).toEqual({ at: 1, role: null });
    expect(toWallAlerts([{ ...record('s@1'), status: 'firing', silenced: true }, { ...record('r@1', { resolvedAt: T0 }), status: 'resolved', silenced: false }])).toEqual([]);
  });

  it('the banner says the role, in the wall\'s language, and the strip counts it', async () => {
    const m = wallAlertsMessage({ open: [{ ...record('a@1', { ack: { by: 'wang.zhuren', at: T0 + 60_000, comment: '', role: 'official' } }), status: 'acknowledged', silenced: false }], changed: [] });
    const open = boundOpenAlerts(m)!;
    expect(stripOf(open).counts[0]).toEqual({ severity: 'critical', open: 1, unacknowledged: 0 });
    const { rerender } = render(<AlertBanner open={open} locale="zh-CN" />);
    expect(screen.getByTestId('alert-banner-item').textContent).toContain('值班领导 于');
    expect(screen.getByTestId('alert-banner-item').textContent).not.toContain('wang');
    await i18next.changeLanguage('en');
    rerender(<AlertBanner open={[...open]} locale="en" />);
    expect(screen.getByTestId('alert-banner-item').textContent).toContain('acknowledged by Official at');
    await i18next.changeLanguage('zh-CN');
    expect(ackedBy({ at: 1, role: null }, 'zh-CN')).toBeNull();
    rerender(<AlertBanner open={[{ ...open[0]!, ack: { at: T0 + 60_000, role: null } } as WallAlert]} locale="zh-CN" />);
    expect(screen.getByTestId('alert-banner-item').textContent).toMatch(/\d\d:\d\d 已确认/);
  });
});
