// The page's one connection, driven message by message: subscriptions held and released, resumed
// after a reconnect and confirmed by the gateway's answer (a reconnect with nothing missed is live
// at once), gaps, token renewal over the open socket, refused handshakes and the protocol version.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { type LiveMeta, type ScreenView, PROTOCOL_VERSION } from '@torch/shared';
import { Connection, OFFLINE_AFTER_MS, channelStatus } from '../../frontend/src/net/connection.ts';
import { ConnectionProvider, useAlerts, useChannel } from '../../frontend/src/net/ConnectionProvider.tsx';
import { fakeOpen } from '../helpers/fakeSocket.ts';

const view = (sales: number) => ({ asOf: 1, metrics: { zone: { sales: { today: sales } } } }) as unknown as ScreenView;
const snapshot = (seq: number, sales: number, epoch = 'e1') => ({ type: 'snapshot', channel: 'zone', epoch, seq, view: view(sales), meta: { kind: 'live', catchingUp: false } });
const delta = (seq: number, sales: number, epoch = 'e1') => ({ type: 'delta', channel: 'zone', epoch, seq, patch: { metrics: { zone: { sales: { today: sales } } } }, meta: { kind: 'live', catchingUp: false } });

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the connection', () => {
  it('presents the token and protocol; subscribes what is held on connect; the answer confirms it', () => {
    const { open, sockets } = fakeOpen();
    const c = new Connection({ token: () => 'token-123456' }, open);
    const s = sockets[0]!;
    expect(s.auth!()).toEqual({ token: 'token-123456', protocol: PROTOCOL_VERSION });
    const release = c.hold('zone');
    expect(s.sent).toEqual([]); // not connected yet: subscribed on connect
    s.up();
    expect(s.sent).toEqual([['subscribe', { channel: 'zone' }]]);
    s.fire('view', snapshot(4, 10));
    expect(channelStatus(c.current, c.subscription('zone'))).toBe('stale'); // data, but not yet confirmed
    s.answer('subscribe', { ok: true, data: { channel: 'zone', mode: 'snapshot', seq: 4 } });
    expect(channelStatus(c.current, c.subscription('zone'))).toBe('live');
    expect(c.subscription<LiveMeta>('zone')!.state.view!.metrics.zone.sales.today).toBe(10);
    release();
    expect(s.sent.at(-1)).toEqual(['unsubscribe', { channel: 'zone' }]);
    expect(c.subscription('zone')).toBeNull();
    c.close();
    expect(s.closed).toBe(true);
    expect(s.listeners('view')).toBe(0);
  });

  it('a reconnect resumes from the position held and is live as soon as the gateway answers, with nothing missed', () => {
    vi.useFakeTimers();
    const { open, sockets } = fakeOpen();
    const c = new Connection({ token: () => 'token-123456' }, open);
    const s = sockets[0]!;
    c.hold('zone');
    s.up();
    s.fire('view', snapshot(4, 10));
    s.answer('subscribe', { ok: true, data: { channel: 'zone', mode: 'snapshot', seq: 4 } });
    s.fire('view', delta(5, 11));

    vi.setSystemTime(Date.now() + 1000);
    s.down();
    expect(c.current.status).toBe('stale');
    expect(c.current.downSince).toBe(Date.now());
    expect(channelStatus(c.current, c.subscription('zone'))).toBe('stale');
    s.up();
    expect(s.sent.at(-1)).toEqual(['subscribe', { channel: 'zone', resume: { epoch: 'e1', seq: 5 } }]);
    expect(channelStatus(c.current, c.subscription('zone'))).toBe('stale');
    // Nothing was missed: no message comes, only the answer.
    s.answer('subscribe', { ok: true, data: { channel: 'zone', mode: 'delta', seq: 5 } });
    expect(channelStatus(c.current, c.subscription('zone'))).toBe('live');
    expect(c.current.downSince).toBeNull();
    c.close();
  });

  it('down for longer than the grace: offline; a missed delta asks again from the position held', () => {
    vi.useFakeTimers();
    const { open, sockets } = fakeOpen();
    const c = new Connection({ token: () => 'token-123456' }, open);
    const s = sockets[0]!;
    c.hold('zone');
    s.up();
    s.fire('view', snapshot(4, 10));
    s.answer('subscribe', { ok: true, data: { channel: 'zone', mode: 'snapshot', seq: 4 } });
    vi.advanceTimersByTime(1000);
    s.fire('view', delta(6, 12)); // 5 went missing
    expect(c.subscription<LiveMeta>('zone')!.state.view!.metrics.zone.sales.today).toBe(10);
    expect(s.sent.at(-1)).toEqual(['subscribe', { channel: 'zone', resume: { epoch: 'e1', seq: 4 } }]);
    s.down();
    vi.advanceTimersByTime(OFFLINE_AFTER_MS + 1);
    expect(c.current.status).toBe('offline');
    c.close();
  });

  it('renews a signed-in session before it runs out and hands the new token to the open socket', async () => {
    vi.useFakeTimers();
    const { open, sockets } = fakeOpen();
    const refresh = vi.fn(async () => 'renewed-token-1');
    const c = new Connection({ token: () => 'token-123456', refresh, expiresIn: 60 }, open);
    const s = sockets[0]!;
    s.up();
    await vi.advanceTimersByTimeAsync(48_000); // 80 % of 60 s
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(s.sent).toContainEqual(['session_renew', { token: 'renewed-token-1' }]);
    c.close();
  });

  it('an expired or refused token is renewed and the socket connects again; a failed renewal signs out', async () => {
    vi.useFakeTimers();
    const { open, sockets } = fakeOpen();
    let refreshed: string | null = 'fresh-token-1';
    const onSignedOut = vi.fn();
    const c = new Connection({ token: () => 'token-123456', refresh: async () => refreshed, onSignedOut }, open);
    const s = sockets[0]!;
    s.active = false;
    s.fire('connect_error', Object.assign(new Error('TOKEN_EXPIRED'), { data: { ok: false, error: { code: 'TOKEN_EXPIRED' } } }));
    await vi.advanceTimersByTimeAsync(300);
    expect(s.connects).toBe(1);
    refreshed = null;
    s.fire('session_ended', { reason: 'expired' });
    await vi.advanceTimersByTimeAsync(300);
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    c.close();
  });

  it('a renewal that cannot reach the gateway (restarting) never signs out: it tries again', async () => {
    vi.useFakeTimers();
    const { open, sockets } = fakeOpen();
    let reachable = false;
    const refresh = vi.fn(async () => {
      if (!reachable) throw new Error('Failed to fetch');
      return 'fresh-token-2';
    });
    const onSignedOut = vi.fn();
    const c = new Connection({ token: () => 'token-123456', refresh, onSignedOut, expiresIn: 60 }, open);
    const s = sockets[0]!;
    s.up();
    await vi.advanceTimersByTimeAsync(48_000); // the periodic renewal fails: nothing happens
    s.active = false;
    s.fire('connect_error', Object.assign(new Error('TOKEN_EXPIRED'), { data: { ok: false, error: { code: 'TOKEN_EXPIRED' } } }));
    await vi.advanceTimersByTimeAsync(100);
    expect(onSignedOut).not.toHaveBeenCalled();
    reachable = true;
    await vi.advanceTimersByTimeAsync(3500); // tried again once the gateway answers
    expect(s.connects).toBeGreaterThan(0);
    expect(onSignedOut).not.toHaveBeenCalled();
    c.close();
  });

  it('a kiosk whose display token was revoked goes offline and says why', () => {
    const { open, sockets } = fakeOpen();
    const c = new Connection({ token: () => 'display-token' }, open);
    sockets[0]!.up();
    sockets[0]!.fire('session_ended', { reason: 'revoked' });
    expect(c.current).toMatchObject({ status: 'offline', error: 'UNAUTHENTICATED' });
    c.close();
  });

  it('a gateway of another protocol reloads the page, once a minute at most', () => {
    const reload = vi.fn();
    const original = window.location;
    Object.defineProperty(window, 'location', { value: { ...original, reload }, configurable: true });
    try {
      sessionStorage.clear();
      const { open, sockets } = fakeOpen();
      const c = new Connection({ token: () => 'token-123456' }, open);
      const mismatch = Object.assign(new Error('PROTOCOL_MISMATCH'), { data: { ok: false, error: { code: 'PROTOCOL_MISMATCH' } } });
      sockets[0]!.fire('connect_error', mismatch);
      sockets[0]!.fire('connect_error', mismatch);
      expect(reload).toHaveBeenCalledTimes(1);
      c.close();
    } finally {
      Object.defineProperty(window, 'location', { value: original, configurable: true });
    }
  });

  it('without a token: offline, asking for one', () => {
    const { open } = fakeOpen();
    const c = new Connection({ token: () => null }, open);
    expect(c.current).toMatchObject({ status: 'offline', error: 'needToken' });
    c.close();
  });
});

describe('the provider and hooks', () => {
  function Page() {
    const zone = useChannel<LiveMeta>('zone');
    const alerts = useAlerts();
    return (
      <div>
        <span data-testid="status">{zone.status}</span>
        <span data-testid="sales">{zone.state?.view?.metrics.zone.sales.today ?? '-'}</span>
        <span data-testid="alerts">{alerts.message ? alerts.message.open.length : '-'}</span>
      </div>
    );
  }

  it('one socket for the page; two channels held by their components; released on unmount', () => {
    const { open, sockets } = fakeOpen();
    const auth = { token: () => 'token-123456' };
    const { unmount } = render(<ConnectionProvider auth={auth} open={open}><Page /><Page /></ConnectionProvider>);
    expect(sockets).toHaveLength(1);
    const s = sockets[0]!;
    act(() => s.up());
    expect(s.sent.map(([e, p]) => `${e}:${(p as { channel: string }).channel}`).sort()).toEqual(['subscribe:alerts', 'subscribe:zone']);
    act(() => {
      s.fire('view', snapshot(1, 42));
      s.answer('subscribe', { ok: true, data: { channel: 'zone', mode: 'snapshot', seq: 1 } });
      s.fire('alerts', { open: [], changed: [] });
      s.answer('subscribe', { ok: true, data: { channel: 'alerts', mode: 'alerts', seq: 0 } });
    });
    expect(screen.getAllByTestId('status').map((e) => e.textContent)).toEqual(['live', 'live']);
    expect(screen.getAllByTestId('sales')[0]!.textContent).toBe('42');
    expect(screen.getAllByTestId('alerts')[0]!.textContent).toBe('0');
    unmount();
    expect(s.closed).toBe(true);
  });
});
