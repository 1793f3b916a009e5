// What the wall says about its link and its alerts, fed fixed data in happy-dom: the alert strip
// (every open alert not silenced, counts by severity, the newest few, acknowledged marked), the
// mode badge when not live, and the feeds "unknown" (not "late") when the gateway is out of reach.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import i18next from 'i18next';
import type { FeedView, Source } from '@torch/shared';
import type { OpenAlert } from '../../frontend/src/alerts/describe.ts';
import { initI18n } from '../../frontend/src/i18n/index.ts';
import { AlertStrip, stripOf } from '../../frontend/src/wall/panels/AlertStrip.tsx';
import { Feeds } from '../../frontend/src/wall/panels/Feeds.tsx';
import { liveBadge } from '../../frontend/src/wall/panels/Header.tsx';

const T0 = Date.UTC(2026, 11, 2, 2, 0);
const alert = (id: string, severity: 'critical' | 'warning' | 'info', over: Partial<OpenAlert> = {}): OpenAlert => ({
  id, fingerprint: id.split('@')[0]!, rule: { id: 'r', kind: 'feed-delay', severity, name: { zh: '数据源延迟', en: 'Feed delayed' } }, labels: { source: 'customs' },
  since: T0, firedAt: T0, value: 12, threshold: 10, detail: {}, resolvedAt: null, resolvedValue: null, ack: null, version: 1, status: 'firing', silenced: false, ...over,
}) as OpenAlert;

beforeAll(() => {
  initI18n('zh-CN');
});
afterEach(() => cleanup());

describe('alert strip', () => {
  it('counts every open alert that is not silenced, by severity, with the unacknowledged ones', () => {
    const open = [
      alert('a@1', 'warning', { firedAt: T0 + 3 }),
      alert('b@1', 'warning', { firedAt: T0 + 2, status: 'acknowledged' }),
      alert('c@1', 'critical', { firedAt: T0 + 1, labels: { park: 'hubian-park' } }),
      alert('d@1', 'info', { firedAt: T0 + 4, silenced: true }),
      alert('e@1', 'info', { firedAt: T0 + 5, status: 'resolved' }),
    ];
    const s = stripOf(open);
    expect(s.counts).toEqual([
      { severity: 'critical', open: 1, unacknowledged: 1 },
      { severity: 'warning', open: 2, unacknowledged: 1 },
      { severity: 'info', open: 0, unacknowledged: 0 },
    ]);
    expect(s.newest.map((a) => a.id)).toEqual(['a@1', 'b@1']);
  });

  it('shows zone and feed warnings, marks the acknowledged, and says when none is open', async () => {
    await i18next.changeLanguage('zh-CN');
    const { rerender } = render(<AlertStrip open={[alert('a@1', 'warning'), alert('b@1', 'warning', { firedAt: T0 - 1, status: 'acknowledged', labels: {} })]} locale="zh-CN" />);
    expect(screen.getByTestId('strip-warning').textContent).toBe('警告 2');
    const items = screen.getAllByTestId('strip-item');
    expect(items.map((e) => e.textContent)).toEqual(['海关数据源 · 数据源延迟', '✓全区 · 数据源延迟']);
    expect(items[1]!.getAttribute('data-status')).toBe('acknowledged');
    rerender(<AlertStrip open={[]} locale="zh-CN" />);
    expect(screen.getByTestId('alert-strip').textContent).toContain('无未关闭告警');
  });
});

describe('link state', () => {
  it('the live badge turns amber while reconnecting and red once disconnected', () => {
    expect(liveBadge('live')).toBe('live');
    expect(liveBadge('stale')).toBe('reconnecting');
    expect(liveBadge('connecting')).toBe('reconnecting');
    expect(liveBadge('offline')).toBe('down');
  });

  it('feeds are unknown, not late, while the wall cannot reach the gateway', async () => {
    await i18next.changeLanguage('zh-CN');
    const feed: FeedView = { lastEventTs: Date.now() - 5_000, perMinute: 3, accepted: 10, rejected: 0, duplicates: 0, lag: 0, lastRehearsal: null } as unknown as FeedView;
    const feeds = { tax: feed, customs: feed, registry: feed } as Record<Source, FeedView>;
    const { rerender } = render(<Feeds feeds={feeds} connectionLive />);
    expect(screen.getByTestId('feed-tax').getAttribute('data-status')).toBe('ok');
    rerender(<Feeds feeds={feeds} connectionLive={false} />);
    for (const s of ['tax', 'customs', 'registry']) expect(screen.getByTestId(`feed-${s}`).getAttribute('data-status')).toBe('unreachable');
    expect(screen.getByTestId('feed-tax').textContent).toContain('未知');
  });
});
