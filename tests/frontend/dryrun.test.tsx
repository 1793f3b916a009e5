// "What would have fired" on the replay page, against a canned API in happy-dom: the draft and the
// page's period are what is sent, the result is listed (severity, name, place, Shanghai time, value
// against threshold, resolution) beside the live count, a refused draft shows the gateway's message
// and points at the rule, the rules in force load as YAML, and the panel says nothing is stored.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import i18next from 'i18next';
import { parse } from 'yaml';
import type { AlertTransition, ReplayInfo, Rule } from '@torch/shared';
import { initI18n } from '../../frontend/src/i18n/index.ts';
import { ReplayPage } from '../../frontend/src/replay/ReplayPage.tsx';
import { type DryRunResult, type LiveAlert, type ReplayApi, ReplayApiError, createReplayApi } from '../../frontend/src/replay/api.ts';
import { DRAFT_STORAGE_KEY } from '../../frontend/src/replay/DryRunPanel.tsx';
import { draftProblems, namedRules, ruleOffset, rulesFileText, summarise } from '../../frontend/src/replay/dryRun.ts';
import { EMPTY_FEED } from '../../frontend/src/replay/state.ts';
import { fakeOpen } from '../helpers/fakeSocket.ts';

// Thursday 26 Nov 2026, 10:00 in Shanghai (02:00 UTC); the tests run with TZ=UTC.
const T0 = Date.UTC(2026, 10, 26, 2, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

const DRAFT = `version: 1
rules:
  - id: big-declaration
    name: { zh: 单笔报关超过1000万美元, en: Declaration over USD 10 million }
    kind: large-event
    severity: critical
    scope: each-park
    source: customs
    field: valueUsd
    above: 10000000
  - id: feed-stale
    name: { zh: 数据源中断, en: Feed stale }
    kind: feed-stale
    severity: warning
    minutes: 5
`;

const bigDeclaration = (id: string, at: number): AlertTransition => ({
  type: 'fire', id, fingerprint: id.split('@')[0]!,
  rule: { id: 'big-declaration', kind: 'large-event', severity: 'critical', name: { zh: '单笔报关超过1000万美元', en: 'Declaration over USD 10 million' }, unit: 'usd' },
  labels: { park: 'hubian-park', source: 'customs' }, since: at, at, value: 25_000_000, threshold: 10_000_000, detail: {},
});
const stale = (at: number): AlertTransition => ({
  type: 'fire', id: `feed-stale|source=tax@${at}`, fingerprint: 'feed-stale|source=tax',
  rule: { id: 'feed-stale', kind: 'feed-stale', severity: 'warning', name: { zh: '数据源中断', en: 'Feed stale' }, unit: 'minutes' },
  labels: { source: 'tax' }, since: at - 5 * MIN, at, value: 12, threshold: 5, detail: {},
});
const resolve = (id: string, at: number): AlertTransition => ({ type: 'resolve', id, fingerprint: id.split('@')[0]!, ruleId: 'big-declaration', at, value: 0 });

const A1 = `big-declaration|park=hubian-park@${T0 + 30 * MIN}`;
const RESULT: DryRunResult = {
  from: T0, to: T0 + 2 * HOUR, rules: 2,
  transitions: [
    // Raised before the period (the engine is rebuilt at its start): not listed.
    resolve(`big-declaration|park=torch-park@${T0 - HOUR}`, T0 + 5 * MIN),
    bigDeclaration(A1, T0 + 30 * MIN),
    stale(T0 + 75 * MIN),
    resolve(A1, T0 + 60 * MIN),
  ],
};

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

describe('the dry run read for the panel', () => {
  it('fires oldest first with their resolutions; per rule; resolves of earlier alerts left out', () => {
    const s = summarise(RESULT.transitions);
    expect(s.alerts.map((a) => [a.fire.id, a.resolvedAt])).toEqual([[A1, T0 + 60 * MIN], [`feed-stale|source=tax@${T0 + 75 * MIN}`, null]]);
    expect(s.resolved).toBe(1);
    expect(s.byRule.map((r) => [r.id, r.fired])).toEqual([['big-declaration', 1], ['feed-stale', 1]]);
  });

  it('a refused draft: one line per problem, the rules it names, where they are in the text', () => {
    const message = 'rules: rule "big-declaration" (#1): above: Too small: expected number to be >0; rule #2: kind: Invalid input';
    expect(draftProblems(message)).toEqual(['rule "big-declaration" (#1): above: Too small: expected number to be >0', 'rule #2: kind: Invalid input']);
    expect(namedRules(message)).toEqual(['big-declaration']);
    expect(ruleOffset(DRAFT, 'big-declaration')).toBe(DRAFT.indexOf('  - id: big-declaration'));
    const json = '{"version":1,"rules":[\n  {\n    "id": "x.y",\n';
    expect(ruleOffset(json, 'x.y')).toBe(json.indexOf('    "id"'));
    expect(ruleOffset(DRAFT, 'nope')).toBe(-1);
  });

  it('the rules in force as a rule file the gateway reads back', async () => {
    const rules = [{ id: 'r', name: { zh: '规则', en: 'Rule' }, kind: 'feed-stale', severity: 'warning', source: 'each', minutes: 5, calendar: 'always', for: 0 }] as unknown as Rule[];
    const text = await rulesFileText(rules);
    expect(text.startsWith('version: 1\nrules:\n  - id: r\n')).toBe(true);
    expect(parse(text)).toEqual({ version: 1, rules });
  });

  it('the client posts the period and the text, and keeps the field a refusal names', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      calls.push([String(url), init]);
      return new Response(JSON.stringify({ ok: false, error: { code: 'BAD_REQUEST', message: 'rules: rule #1: id: Required', field: 'rules' } }), { status: 400 });
    });
    const api = createReplayApi({ token: () => 't'.repeat(20), refresh: async () => null, onSignedOut: () => {}, fetch });
    const e = await api.dryRun({ from: T0 + 0.5, to: T0 + HOUR, rules: DRAFT }).catch((x: unknown) => x);
    expect(calls[0]![0]).toBe('/api/replay/dry-run');
    expect(calls[0]![1]!.method).toBe('POST');
    expect(JSON.parse(String(calls[0]![1]!.body))).toEqual({ from: T0, to: T0 + HOUR, rules: DRAFT });
    expect(e).toBeInstanceOf(ReplayApiError);
    expect((e as ReplayApiError).field).toBe('rules');
  });
});

describe('the panel on the page', () => {
  const signIn = () => localStorage.setItem('torch.session', JSON.stringify({ accessToken: 'a'.repeat(20), expiresIn: 900, refreshToken: 'r'.repeat(20), username: 'duty-op', role: 'operator' }));
  const liveAlert = {
    id: A1, fingerprint: 'big-declaration|park=hubian-park', rule: { id: 'big-declaration', kind: 'large-event', severity: 'critical', name: { zh: '单笔报关超过1000万美元', en: 'Declaration over USD 10 million' } },
    labels: { park: 'hubian-park' }, since: T0 + 30 * MIN, firedAt: T0 + 30 * MIN, value: 2.5e7, threshold: 1e7, detail: {}, resolvedAt: null, resolvedValue: null, ack: null, version: 1, status: 'firing', silenced: false,
  } as LiveAlert;
  const info = (r: { from: number; to: number }): ReplayInfo => ({
    id: '6f1c1a52-8a53-4d3e-9a40-2d1f0c6a7b11', from: r.from, to: r.to, sources: null, parks: null, createdBy: 'op', createdAt: T0, status: 'paused', clock: r.from, speed: 60, watchers: 1, error: null,
  });

  function fakeApi(over: Partial<ReplayApi> = {}) {
    return {
      open: vi.fn(async (r: { from: number; to: number }) => info(r)),
      get: vi.fn(async () => { throw new ReplayApiError('NOT_FOUND', 'Not found', 404); }),
      control: vi.fn(),
      close: vi.fn(async () => {}),
      density: vi.fn(async () => []),
      alerts: vi.fn(async () => [liveAlert]),
      exportRange: vi.fn(),
      dryRun: vi.fn(async () => RESULT),
      rulesInForce: vi.fn(async () => [] as Rule[]),
      ...over,
    } as unknown as ReplayApi & Record<keyof ReplayApi, ReturnType<typeof vi.fn>>;
  }
  const socket = () => () => ({ status: 'live' as const, feed: EMPTY_FEED, problem: null, setInfo: () => {} });

  /** The page with its period set to 10:00–12:00 on 26 Nov (Shanghai), the panel open. */
  async function openPanel(api: ReplayApi) {
    signIn();
    render(
      <MemoryRouter initialEntries={['/replay']}>
        <Routes><Route path="/replay" element={<ReplayPage api={api} useFeed={socket()} open={fakeOpen().open} now={() => T0 + 10 * HOUR} />} /></Routes>
      </MemoryRouter>,
    );
    fireEvent.change(screen.getByTestId('range-from'), { target: { value: '2026-11-26T10:00' } });
    fireEvent.change(screen.getByTestId('range-to'), { target: { value: '2026-11-26T12:00' } });
    const toggle = screen.getByTestId('dryrun-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect((screen.getByTestId('dryrun') as HTMLElement).hidden).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect((screen.getByTestId('dryrun') as HTMLElement).hidden).toBe(false);
    return screen.getByTestId('dryrun');
  }
  const type = (text: string) => fireEvent.change(screen.getByTestId('dryrun-draft'), { target: { value: text } });

  it('sends the page period and the draft; lists what would have fired beside the live count', async () => {
    const api = fakeApi();
    const panel = await openPanel(api);
    expect(screen.getByTestId('dryrun-safe').textContent).toBe('仅做计算：不会通知任何人，也不会保存任何告警或规则。');
    expect(screen.getByTestId('dryrun-period').textContent).toBe('时段：2026-11-26 10:00 至 2026-11-26 12:00（北京时间）');
    expect((screen.getByTestId('dryrun-run') as HTMLButtonElement).disabled).toBe(true); // no draft yet
    type(DRAFT);
    await act(async () => {
      fireEvent.click(screen.getByTestId('dryrun-run'));
    });
    expect(api.dryRun).toHaveBeenCalledWith({ from: T0, to: T0 + 2 * HOUR, rules: DRAFT });
    expect(screen.getByTestId('dryrun-count').textContent).toBe('2');
    expect(panel.textContent).toContain('其中 1 条在时段内恢复');
    expect(panel.textContent).toContain('草稿共 2 条规则');

    const rows = screen.getAllByTestId('dryrun-alert');
    expect(rows.map((r) => [r.getAttribute('data-alert-id'), r.getAttribute('data-severity')])).toEqual([[A1, 'critical'], [`feed-stale|source=tax@${T0 + 75 * MIN}`, 'warning']]);
    expect(rows[0]!.textContent).toContain('严重');
    expect(rows[0]!.textContent).toContain('单笔报关超过1000万美元');
    expect(rows[0]!.textContent).toContain('湖边科创园 · 海关');
    expect(rows[0]!.textContent).toContain('11-26 10:30 触发');
    expect(within(rows[0]!).getByTestId('dryrun-value').textContent).toBe('2,500.00万美元 > 1,000.00万美元');
    expect(rows[0]!.textContent).toContain('11-26 11:00 恢复');
    expect(rows[1]!.textContent).toContain('警告');
    expect(within(rows[1]!).getByTestId('dryrun-value').textContent).toBe('12 分钟 ≥ 5 分钟');
    expect(rows[1]!.textContent).toContain('至时段结束仍在告警');
    // The live alerts of the same period (fetched once the inputs rest).
    await waitFor(() => expect(screen.getByTestId('dryrun-compare').textContent).toBe('实际触发：1 条 · 草稿：2 条'));
    expect(api.alerts).toHaveBeenCalledWith(T0, T0 + 2 * HOUR);

    // A change to the draft marks the result as the previous run's; the draft is kept for the tab.
    type(`${DRAFT}# tuned\n`);
    expect(screen.getByTestId('dryrun-stale')).toBeTruthy();
    await waitFor(() => expect(localStorage.getItem(DRAFT_STORAGE_KEY)).toBe(`${DRAFT}# tuned\n`));
    // Closing keeps the result for the next opening.
    fireEvent.click(screen.getByTestId('dryrun-close'));
    expect(panel.hidden).toBe(true);
    fireEvent.click(screen.getByTestId('dryrun-toggle'));
    expect(screen.getByTestId('dryrun-count').textContent).toBe('2');
  });

  it('a refused draft: the gateway message naming rule and field, prominently, and the rule shown in the text', async () => {
    const message = 'rules: rule "big-declaration" (#1): above: Too small: expected number to be >0; rule #2: kind: Invalid input';
    const api = fakeApi({ dryRun: vi.fn(async () => { throw new ReplayApiError('BAD_REQUEST', message, 400, 'rules'); }) });
    await openPanel(api);
    type(DRAFT);
    await act(async () => {
      fireEvent.click(screen.getByTestId('dryrun-run'));
    });
    const box = screen.getByTestId('dryrun-refused');
    expect(box.getAttribute('role')).toBe('alert');
    expect(box.textContent).toContain('草稿有误，未运行');
    expect(box.textContent).toContain('rule "big-declaration" (#1): above: Too small: expected number to be >0');
    expect(box.textContent).toContain('rule #2: kind: Invalid input');
    expect(screen.getByTestId('dryrun-draft').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('dryrun-count')).toBeNull();
    const area = screen.getByTestId('dryrun-draft') as HTMLTextAreaElement;
    fireEvent.click(screen.getByTestId('dryrun-show-rule'));
    expect(area.value.slice(area.selectionStart, area.selectionEnd)).toBe('  - id: big-declaration');
  });

  it('busy while it runs; a period the streams no longer hold names the earliest start and offers it', async () => {
    let fail: (e: unknown) => void = () => {};
    const api = fakeApi({ dryRun: vi.fn(() => new Promise<DryRunResult>((_ok, no) => (fail = no))) });
    await openPanel(api);
    type(DRAFT);
    fireEvent.click(screen.getByTestId('dryrun-run'));
    const run = screen.getByTestId('dryrun-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(run.textContent).toBe('正在试运行…');
    expect(screen.getByTestId('dryrun-result').getAttribute('aria-busy')).toBe('true');
    await act(async () => {
      fail(new ReplayApiError('OUT_OF_RETENTION', 'the streams hold events from 2026-11-18T14:03:10.000+08:00 on; the earliest start is 2026-11-26T00:00:00.000+08:00', 422));
    });
    expect(run.disabled).toBe(false);
    expect(screen.getByTestId('dryrun-error').textContent).toContain('最早可回放的开始时间：2026-11-26 00:00');
    fireEvent.click(screen.getByTestId('dryrun-use-earliest'));
    expect((screen.getByTestId('range-from') as HTMLInputElement).value).toBe('2026-11-26T00:00');
    expect(screen.getByTestId('dryrun-period').textContent).toBe('时段：2026-11-26 00:00 至 2026-11-26 12:00（北京时间）');
  });

  it('no valid period: says why and does not run', async () => {
    const api = fakeApi();
    await openPanel(api);
    type(DRAFT);
    fireEvent.change(screen.getByTestId('range-to'), { target: { value: '2026-11-26T09:00' } });
    expect(screen.getByTestId('dryrun-period').textContent).toBe('结束时间须晚于开始时间');
    expect((screen.getByTestId('dryrun-run') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(screen.getByTestId('dryrun-draft'), { key: 'Enter', ctrlKey: true });
    expect(api.dryRun).not.toHaveBeenCalled();
  });

  it('starts from the rules in force (a second tap to replace a draft); English; Ctrl+Enter runs', async () => {
    const rules = [{ id: 'feed-stale', name: { zh: '数据源中断', en: 'Feed stale' }, kind: 'feed-stale', severity: 'warning', source: 'each', minutes: 5, calendar: 'always', for: 0 }] as unknown as Rule[];
    const api = fakeApi({ rulesInForce: vi.fn(async () => rules), dryRun: vi.fn(async () => ({ ...RESULT, rules: 1, transitions: [] })) });
    await i18next.changeLanguage('en');
    const panel = await openPanel(api);
    expect(screen.getByTestId('dryrun-safe').textContent).toBe('A calculation only: nobody is notified and no alert or rule is stored.');
    expect(screen.getByTestId('dryrun-toggle').textContent).toBe('What would have fired');
    type('version: 1\nrules: []\n');
    await act(async () => {
      fireEvent.click(screen.getByTestId('dryrun-load'));
    });
    expect(api.rulesInForce).not.toHaveBeenCalled();
    expect(screen.getByTestId('dryrun-load').textContent).toBe('Tap again to replace the draft');
    await act(async () => {
      fireEvent.click(screen.getByTestId('dryrun-load'));
    });
    const text = (screen.getByTestId('dryrun-draft') as HTMLTextAreaElement).value;
    expect(parse(text)).toEqual({ version: 1, rules });
    await act(async () => {
      fireEvent.keyDown(screen.getByTestId('dryrun-draft'), { key: 'Enter', ctrlKey: true });
    });
    expect(api.dryRun).toHaveBeenCalledWith({ from: T0, to: T0 + 2 * HOUR, rules: text });
    expect(screen.getByTestId('dryrun-none').textContent).toBe('The draft would not have raised any alert in this period');
    await waitFor(() => expect(screen.getByTestId('dryrun-compare').textContent).toBe('live: 1, draft: 0'));
    expect(panel.textContent).toContain('rules in the draft: 1');
  });
});
