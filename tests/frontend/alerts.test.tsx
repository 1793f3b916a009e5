// The alert screens fed fixed data in happy-dom: the wall's banner and park counts, the console's
// list and detail, and the console's acknowledge flow against a fake API (409 included).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import type { AlertDetailResponse, AuditEntry, Rule, Silence } from '@torch/shared';
import { initI18n } from '../../frontend/src/i18n/index.ts';
import { type OpenAlert, applySilences, bannerPick, formatValue, parkAlertStates, valueVsThreshold } from '../../frontend/src/alerts/describe.ts';
import { ruleCondition } from '../../frontend/src/alerts/ruleText.ts';
import { AlertBanner } from '../../frontend/src/wall/panels/AlertBanner.tsx';
import { AlertList } from '../../frontend/src/console/AlertList.tsx';
import { AlertDetail } from '../../frontend/src/console/AlertDetail.tsx';
import { AlertsTab } from '../../frontend/src/console/AlertsTab.tsx';
import { ApiError, type AlertsApi } from '../../frontend/src/console/api.ts';
import { filtersToQuery, DEFAULT_FILTERS } from '../../frontend/src/console/filters.ts';
import { safeNext } from '../../frontend/src/net/session.ts';

// Thursday 26 Nov 2026, 10:00 in Shanghai (02:00 UTC); the tests run with TZ=UTC.
const T0 = Date.UTC(2026, 10, 26, 2, 0);
const MIN = 60_000;

const bigRule: Rule = {
  id: 'big-declaration', name: { zh: '单笔报关超过1000万美元', en: 'Declaration over USD 10 million' }, kind: 'large-event', severity: 'critical',
  event: 'customs.declaration', field: 'valueUsd', above: 10_000_000, hold: 30, scope: 'each-park', for: 0, calendar: 'always', labels: {}, enabled: true,
};
const taxRule: Rule = {
  id: 'tax-mtd-yoy', name: { zh: '本月税收同比下降超过15%', en: 'Tax down 15 % YoY' }, kind: 'threshold', severity: 'warning', scope: 'each-park',
  metric: 'tax', period: 'mtd', measure: 'yoy', below: -0.15, for: 30, calendar: 'working-hours', labels: {}, enabled: true,
};

function alert(over: Partial<OpenAlert> & { id: string }): OpenAlert {
  return {
    fingerprint: over.id.split('@')[0]!, rule: { id: 'big-declaration', kind: 'large-event', severity: 'critical', name: bigRule.name },
    labels: { park: 'hubian-park', source: 'customs' }, since: T0, firedAt: T0, value: 25_000_000, threshold: 10_000_000,
    detail: { eventId: 'ev-1', enterprise: '厦门测试贸易有限公司', uscc: '91350200MA2Y3K4P2Q', eventTs: T0 - MIN, direction: 'export', partner: 'US' },
    resolvedAt: null, resolvedValue: null, ack: null, version: 1, status: 'firing', silenced: false, ...over,
  };
}
const fired = alert({ id: 'big-declaration|park=hubian-park|source=customs@1' });
const older = alert({ id: 'big-declaration|park=torch-park|source=customs@2', labels: { park: 'torch-park', source: 'customs' }, firedAt: T0 - 10 * MIN });
const warning = alert({
  id: 'tax-mtd-yoy|park=torch-park@3', rule: { id: 'tax-mtd-yoy', kind: 'threshold', severity: 'warning', name: taxRule.name },
  labels: { park: 'torch-park' }, value: -0.1834, threshold: -0.15, detail: {}, firedAt: T0 + MIN,
});
const acked = alert({ id: 'big-declaration|park=hubian-park|source=customs@4', status: 'acknowledged', ack: { by: 'zhang.wei', at: T0 + 5 * MIN, comment: '已核实' }, version: 2 });

beforeAll(() => {
  initI18n('zh-CN');
});
afterEach(async () => {
  cleanup();
  await i18next.changeLanguage('zh-CN');
});

describe('how an alert reads', () => {
  it('formats each kind in its own unit, with or without the rule', () => {
    const t = i18next.t;
    expect(valueVsThreshold(fired, 'zh-CN', t)).toEqual({ value: '2,500.00万美元', op: '>', threshold: '1,000.00万美元' });
    expect(valueVsThreshold(warning, 'zh-CN', t, taxRule)).toEqual({ value: '−18.3%', op: '<', threshold: '−15.0%' });
    // The wall has no rules: a fraction threshold still reads as a change.
    expect(valueVsThreshold(warning, 'zh-CN', t).threshold).toBe('−15.0%');
    expect(formatValue(17.5, 'minutes', 'zh-CN', t)).toBe('18 分钟');
    expect(formatValue(0.034, 'percent', 'en', t)).toBe('3.4%');
    expect(ruleCondition(taxRule, 'zh-CN', t)).toBe('税收入库（本月累计同比）< −15.0%');
    expect(ruleCondition(bigRule, 'en', i18next.getFixedT('en'))).toBe('A single declaration value over US$ 10.0 m; stays open 30 min');
    const exportsToday: Rule = { ...taxRule, id: 'exports-today', metric: 'exports', period: 'today', measure: 'value', below: undefined, above: 2e8 };
    expect(ruleCondition(exportsToday, 'zh-CN', t)).toBe('出口额（今日）> 2.00亿美元');
    expect(ruleCondition({ ...taxRule, measure: 'mom' }, 'en', i18next.getFixedT('en'))).toBe('Tax receipts (month to date, MoM) < −15.0%');
  });

  it('counts per park only what is open, unacknowledged and not silenced', () => {
    const states = parkAlertStates([fired, older, warning, acked, alert({ id: 'x@5', silenced: true })]);
    expect(states['hubian-park']).toEqual({ unacknowledged: 1, worst: 'critical', urgent: true });
    expect(states['torch-park']).toEqual({ unacknowledged: 2, worst: 'critical', urgent: true });
    expect(parkAlertStates([acked])['hubian-park']).toEqual({ unacknowledged: 0, worst: 'critical', urgent: false });
  });

  it('re-evaluates silences on the wall clock: one that ran out by itself no longer hides its alert', () => {
    const silence: Silence = {
      id: 's1', matchers: { ruleId: 'big-declaration', park: 'hubian-park' }, startsAt: T0 - MIN, endsAt: T0 + 60 * MIN, comment: '维护',
      createdBy: 'li.na', createdAt: T0 - MIN, expiredBy: null, version: 1,
    };
    const pushed = [{ ...fired, silenced: true }, older];
    expect(applySilences(pushed, [silence], T0 + 30 * MIN)).toBe(pushed);
    const later = applySilences(pushed, [silence], T0 + 61 * MIN)!;
    expect(later.map((a) => a.silenced)).toEqual([false, false]);
    expect(later[1]).toBe(older);
    expect(applySilences(pushed, null, T0 + 61 * MIN)).toBe(pushed);
  });
});

describe('the wall banner', () => {
  it('is empty without critical alerts (warnings and silenced ones stay off it)', () => {
    render(<AlertBanner open={[warning, alert({ id: 'y@6', silenced: true })]} locale="zh-CN" />);
    expect(screen.getByTestId('alert-banner').getAttribute('data-count')).toBe('0');
    expect(screen.queryByTestId('alert-banner-item')).toBeNull();
  });

  it('shows the newest unacknowledged critical alert, in Shanghai time, with how many more there are', () => {
    render(<AlertBanner open={[older, acked, fired, warning]} locale="zh-CN" />);
    const item = screen.getByTestId('alert-banner-item');
    expect(item.getAttribute('data-alert-id')).toBe(fired.id);
    expect(item.getAttribute('data-status')).toBe('firing');
    expect(item.textContent).toContain('严重告警');
    expect(item.textContent).toContain('单笔报关超过1000万美元');
    expect(item.textContent).toContain('湖边科创园');
    expect(item.textContent).toContain('2,500.00万美元>1,000.00万美元');
    expect(item.textContent).toContain('10:00 触发');
    expect(screen.getByTestId('alert-banner-more').textContent).toBe('另有 2 条严重告警');
    expect(screen.getByTestId('alert-banner').className).toContain('urgent');
  });

  it('turns calm and says who once acknowledged, in English too', async () => {
    await i18next.changeLanguage('en');
    render(<AlertBanner open={[acked]} locale="en" />);
    const item = screen.getByTestId('alert-banner-item');
    expect(item.getAttribute('data-status')).toBe('acknowledged');
    expect(item.textContent).toContain('Acknowledged');
    expect(item.textContent).toContain('acknowledged by zhang.wei at 10:05');
    expect(item.textContent).toContain('Hubian Park');
    expect(screen.getByTestId('alert-banner').className).toContain('calm');
    expect(bannerPick([acked, fired])!.main.id).toBe(fired.id);
  });
});

describe('the console list', () => {
  it('lists rows with severity, status, silenced marker, park and fired time; a tap selects', () => {
    const onSelect = vi.fn();
    const rules = new Map<string, Rule>([[bigRule.id, bigRule], [taxRule.id, taxRule]]);
    render(<AlertList items={[warning, alert({ ...older, silenced: true }), acked]} selectedId={acked.id} onSelect={onSelect} rules={rules} locale="zh-CN" />);
    const rows = screen.getAllByTestId('alert-row');
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['firing', 'firing', 'acknowledged']);
    expect(rows[0]!.textContent).toContain('警告');
    expect(rows[0]!.textContent).toContain('本月税收同比下降超过15%');
    expect(rows[0]!.textContent).toContain('火炬园');
    expect(rows[0]!.textContent).toContain('−18.3% < −15.0%');
    expect(rows[0]!.textContent).toContain('11-26 10:01');
    expect(rows[1]!.textContent).toContain('已静默');
    expect(rows[2]!.getAttribute('aria-current')).toBe('true');
    expect(rows[2]!.textContent).toContain('已确认');
    fireEvent.click(rows[1]!);
    expect(onSelect).toHaveBeenCalledWith(older.id);
  });

  it('says so when nothing matches', () => {
    render(<AlertList items={[]} selectedId={null} onSelect={() => {}} rules={new Map()} locale="zh-CN" />);
    expect(screen.getByTestId('alert-list-empty').textContent).toBe('没有符合条件的告警');
  });
});

const audit: AuditEntry[] = [
  { id: '2-0', at: T0 + 5 * MIN, action: 'ack', by: 'zhang.wei', target: fired.id, comment: '已核实' },
  { id: '1-0', at: T0, action: 'fire', by: 'gateway:g1', target: fired.id, comment: '25000000 / 10000000' },
];

describe('the console detail', () => {
  const detail: AlertDetailResponse = { alert: fired, audit: audit.slice(1) };
  const base = {
    rule: bigRule, rulesLoaded: true, series: { kind: 'none' } as const, canSilence: true, canAudit: true, notice: null,
    onSilence: () => {}, locale: 'zh-CN' as const,
  };

  it('shows the rule, the numbers, the facts, the history, and acknowledges with the comment', async () => {
    const onAck = vi.fn(async () => true);
    render(<AlertDetail {...base} detail={detail} canAct onAck={onAck} />);
    expect(screen.getByTestId('detail-title').textContent).toBe('单笔报关超过1000万美元');
    expect(screen.getByTestId('detail-value').textContent).toBe('2,500.00万美元');
    expect(screen.getByTestId('detail-condition').textContent).toBe('单笔报关单货值超过 1,000.00万美元，告警保持 30 分钟');
    const facts = screen.getByTestId('detail-facts').textContent!;
    expect(facts).toContain('厦门测试贸易有限公司');
    expect(facts).toContain('出口');
    expect(facts).toContain('美国');
    expect(facts).toContain('2026-11-26 09:59:00');
    expect(screen.getByTestId('audit-list').textContent).toContain('系统');
    fireEvent.change(screen.getByTestId('ack-comment'), { target: { value: '  已联系企业  ' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('ack-submit'));
    });
    expect(onAck).toHaveBeenCalledWith('已联系企业');
  });

  it('offers no acknowledge button to a role that may only read', () => {
    render(<AlertDetail {...base} detail={detail} canAct={false} canSilence={false} onAck={async () => true} />);
    expect(screen.queryByTestId('ack-submit')).toBeNull();
    expect(screen.queryByTestId('silence-from-alert')).toBeNull();
    expect(document.body.textContent).toContain('您的角色只能查看告警');
  });
});

describe('acknowledging from the console', () => {
  function fakeApi(over: Partial<AlertsApi>): AlertsApi {
    const no = () => Promise.reject(new Error('not in this test'));
    return {
      list: async () => ({ items: [fired] }), detail: async () => ({ alert: fired, audit: [] }), ack: no, silences: async () => ({ items: [] }),
      createSilence: no, endSilence: no, rules: no, audit: no, series: no, csv: no, ...over,
    };
  }
  const tab = (api: AlertsApi) => (
    <AlertsTab api={api} rules={new Map([[bigRule.id, bigRule]])} rulesLoaded canAct canSilence canAudit locale="zh-CN" live={{ tick: 0, changed: [] }} selectedId={fired.id} onSelect={() => {}} />
  );

  it('sends the version it showed; on 409 says someone else acted and shows the reloaded alert', async () => {
    const ack = vi.fn(() => Promise.reject(new ApiError('CONFLICT', 'acknowledged by li.na already', 409)));
    let reloads = 0;
    const detail = vi.fn(async () => (reloads++ === 0
      ? { alert: fired, audit: [] }
      : { alert: { ...fired, status: 'acknowledged' as const, ack: { by: 'li.na', at: T0 + MIN, comment: '处理中' }, version: 2 }, audit }));
    render(tab(fakeApi({ ack, detail })));
    await screen.findByTestId('ack-submit');
    fireEvent.click(screen.getByTestId('ack-submit'));
    await waitFor(() => expect(screen.getByTestId('alert-detail').getAttribute('data-status')).toBe('acknowledged'));
    expect(ack).toHaveBeenCalledWith(fired.id, 1, '');
    expect(screen.getByTestId('detail-notice').textContent).toBe('这条告警刚被他人更新，已为您重新加载，请核对后再操作。');
    expect(screen.getByTestId('detail-acked').textContent).toContain('li.na');
    expect(screen.queryByTestId('ack-submit')).toBeNull();
  });

  it('lists with the filters as a query, and opens a silence prefilled from the alert', async () => {
    const list = vi.fn(async (_q: URLSearchParams) => ({ items: [fired] }));
    render(tab(fakeApi({ list })));
    await screen.findByTestId('silence-from-alert');
    expect(String(list.mock.calls[0]![0])).toBe('status=open&limit=500');
    fireEvent.click(screen.getByTestId('silence-from-alert'));
    expect((screen.getByTestId('silence-rule') as HTMLSelectElement).value).toBe('big-declaration');
    expect((screen.getByTestId('silence-park') as HTMLSelectElement).value).toBe('hubian-park');
    expect((screen.getByTestId('silence-source') as HTMLSelectElement).value).toBe('customs');
    fireEvent.click(screen.getByTestId('silence-submit'));
    expect(screen.getByTestId('silence-form').textContent).toContain('请填写原因');
  });
});

describe('filters and links', () => {
  it('reads a custom range in Shanghai time', () => {
    const q = filtersToQuery({ ...DEFAULT_FILTERS, status: 'all', severity: 'critical', range: 'custom', from: '2026-11-26T10:00', to: '' }, T0);
    expect(q.get('status')).toBeNull();
    expect(q.get('severity')).toBe('critical');
    expect(q.get('from')).toBe(String(T0));
    expect(filtersToQuery({ ...DEFAULT_FILTERS, range: '24h' }, T0).get('from')).toBe(String(T0 - 86_400_000));
  });

  it('goes back after login only to a path on this site', () => {
    expect(safeNext('?next=%2Falerts%3Fid%3Da%7Cb%40c', '/wall')).toBe('/alerts?id=a|b@c');
    expect(safeNext('?next=https%3A%2F%2Fevil.example', '/wall')).toBe('/wall');
    expect(safeNext('?next=%2F%2Fevil.example', '/wall')).toBe('/wall');
    expect(safeNext('', '/wall')).toBe('/wall');
  });
});
