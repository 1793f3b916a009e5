// Panels fed fixed data, rendered in happy-dom: they take their data as props, so tests (and
// replay) can feed them anything.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { type FeedView, type MetricId, type PeriodValues, PARK_IDS, type Scope } from '@torch/shared';
import { initI18n } from '../../frontend/src/i18n/index.ts';
import { Kpis } from '../../frontend/src/wall/panels/Kpis.tsx';
import { Ranking } from '../../frontend/src/wall/panels/Ranking.tsx';
import { Feeds } from '../../frontend/src/wall/panels/Feeds.tsx';
import { Intraday, intradayRows } from '../../frontend/src/wall/panels/Intraday.tsx';
import { FocusCard } from '../../frontend/src/wall/panels/MapPanel.tsx';

/** Period values with the same 同比 and 环比 ratio for every period; the bases follow from them. */
const pv = (today: number, mtd: number, ytd: number, yoy: number | null, mom: number | null): PeriodValues => {
  const b = (v: number, r: number | null) => (r === null ? null : v / (1 + r));
  return {
    today, mtd, ytd, yoy: { today: yoy, mtd: yoy, ytd: yoy }, mom: { today: mom, mtd: mom },
    base: { yoy: { today: b(today, yoy), mtd: b(mtd, yoy), ytd: b(ytd, yoy) }, mom: { today: b(today, mom), mtd: b(mtd, mom) } },
  };
};
const zone = new Proxy({} as Record<MetricId, PeriodValues>, {
  get: (_t, k: string) =>
    ({ sales: pv(6.25e8, 331.1e8, 4176e8, 0.118, -0.083), tax: pv(2e7, 23.85e8, 276e8, 0.079, 0.269), exports: pv(4.3e7, 19.45e8, 223e8, -0.05, 0.4), imports: pv(1.6e7, 13.21e8, 152e8, null, null), netEstablished: pv(18, 414, 4552, 0.11, 0.9) })[k] ?? pv(0, 0, 0, null, null),
});

beforeAll(() => {
  initI18n('zh-CN');
});
afterEach(() => cleanup());

describe('KPI strip', () => {
  it('prints the month large with its unit, today and the year below, and arrows for 同比 / 环比', async () => {
    await i18next.changeLanguage('zh-CN');
    render(<Kpis zone={zone} units={{ sales: 'yi', tax: 'yi', trade: 'yi' }} staleSources={new Set(['customs'])} locale="zh-CN" />);
    expect(screen.getByTestId('kpi-sales-mtd').textContent).toBe('331.10');
    expect(screen.getByTestId('kpi-sales-mtd').getAttribute('data-value')).toBe(String(331.1e8));
    expect(screen.getByTestId('kpi-sales').textContent).toContain('亿元');
    expect(screen.getByTestId('kpi-sales').textContent).toContain('▲+11.8%');
    expect(screen.getByTestId('kpi-sales').textContent).toContain('▼−8.3%');
    expect(screen.getByTestId('kpi-exports').textContent).toContain('亿美元');
    expect(screen.getByTestId('kpi-imports').textContent).toContain('—');
    expect(screen.getByTestId('kpi-netEstablished-mtd').textContent).toBe('414');
    // a stale source marks its cards
    expect(screen.getByTestId('kpi-exports').className).toContain('stale');
    expect(screen.getByTestId('kpi-sales').className).not.toContain('stale');
  });

  it('prints a difference, not a percentage, where the base is tiny, zero or below, or the sign changes', async () => {
    await i18next.changeLanguage('zh-CN');
    const net: PeriodValues = {
      today: 2, mtd: -14, ytd: 35, yoy: { today: null, mtd: -1.7, ytd: 0.4 }, mom: { today: 11, mtd: null },
      base: { yoy: { today: null, mtd: 20, ytd: 25 }, mom: { today: 2 / 12, mtd: null } },
    };
    const tax: PeriodValues = { ...pv(2e6, 23.85e8, 276e8, 0.079, null), base: { yoy: { today: null, mtd: 22.1e8, ytd: 255.8e8 }, mom: { today: 0, mtd: null } } };
    const z = new Proxy(zone, { get: (target, k: string) => (k === 'netEstablished' ? net : k === 'tax' ? tax : target[k as MetricId]) });
    render(<Kpis zone={z} units={{ sales: 'yi', tax: 'yi', trade: 'yi' }} staleSources={new Set()} locale="zh-CN" />);
    expect(screen.getByTestId('kpi-netEstablished-yoy-mtd').textContent).toBe('▼−34家'); // 20 → −14, not −170.0%
    expect(screen.getByTestId('kpi-netEstablished-mom-today').textContent).toBe('▲+2家'); // 0.17 → 2, not +1,100.0%
    expect(screen.getByTestId('kpi-netEstablished-yoy-ytd').textContent).toBe('▲+40.0%'); // 25 → 35: a base of at least 20 keeps the percentage
    expect(screen.getByTestId('kpi-tax-mom-today').textContent).toBe('▲+200.00万元'); // a base of zero
    expect(screen.getByTestId('kpi-tax-yoy-mtd').textContent).toBe('▲+7.9%');
    expect(screen.getByTestId('kpi-tax-today').textContent).toBe('200.00万元'); // not 0.02亿元: two significant digits
    expect(screen.getByTestId('kpi-tax-mtd').textContent).toBe('23.85'); // the wall's unit where it reads
    cleanup();
    await i18next.changeLanguage('en');
    render(<Kpis zone={z} units={{ sales: 'yi', tax: 'yi', trade: 'yi' }} staleSources={new Set()} locale="en" />);
    expect(screen.getByTestId('kpi-netEstablished-yoy-mtd').textContent).toBe('▼−34');
    expect(screen.getByTestId('kpi-tax-mom-today').textContent).toBe('▲+CNY 2.0 m');
    await i18next.changeLanguage('zh-CN');
  });

  it('speaks English when asked', async () => {
    await i18next.changeLanguage('en');
    render(<Kpis zone={zone} units={{ sales: 'yi', tax: 'yi', trade: 'yi' }} staleSources={new Set()} locale="en" />);
    expect(screen.getByTestId('kpi-sales').textContent).toContain('Invoiced sales');
    expect(screen.getByTestId('kpi-sales').textContent).toContain('CNY bn');
    expect(screen.getByTestId('kpi-sales-mtd').textContent).toBe('33.11');
    await i18next.changeLanguage('zh-CN');
  });
});

describe('today so far (今日开票累计)', () => {
  // 10:40: today 3.3亿 so far; last week's day reached 3.5亿 by 10:40 and 16.0亿 by midnight.
  const hours = (perHour: (h: number) => number) => Array.from({ length: 24 }, (_, h) => perHour(h));
  const data = {
    today: hours((h) => (h >= 8 && h <= 10 ? 1.1e8 : 0)),
    lastWeek: hours((h) => (h === 8 || h === 9 ? 1.5e8 : h === 10 ? 0.75e8 : h > 10 && h < 18 ? (16e8 - 3.75e8) / 7 : 0)),
    lastYear: null,
    sameTime: { today: 3.3e8, lastWeek: 3.5e8, lastYear: null },
    hour: 10 + 40 / 60,
  };
  const fresh = { sources: ['tax' as const], lastEventTs: null, stale: false };

  it('writes each reference day up to the same time of day, never its whole day', async () => {
    await i18next.changeLanguage('zh-CN');
    render(<Intraday data={data} locale="zh-CN" fresh={fresh} />);
    expect(screen.getByTestId('intraday-today').textContent).toBe('3.3亿元');
    expect(screen.getByTestId('intraday-lastWeek').textContent).toBe('3.5亿元');
    expect(screen.getByTestId('panel-intraday').textContent).not.toContain('16.0');
    expect(screen.getByTestId('intraday-lastYear').textContent).toBe('—'); // the store does not reach back a year
    expect(screen.getByTestId('intraday-cut').textContent).toBe('均截至 10:40');
  });

  it('cuts the curves at the present time: today ends there, a reference day goes on faint to its whole day', () => {
    const rows = intradayRows(data);
    const now = rows.find((r) => r.h === data.hour)!;
    expect(now.today).toBe(3.3e8);
    expect(now.lastWeek).toBeCloseTo(3.5e8, 0);
    expect(now.lastWeekLater).toBeCloseTo(3.5e8, 0);
    expect(rows.filter((r) => r.today !== undefined).at(-1)!.h).toBe(data.hour);
    expect(rows.at(-1)!.lastWeekLater).toBeCloseTo(16e8, 0);
    expect(rows.at(-1)!.lastWeek).toBeUndefined();
    expect(rows.some((r) => r.lastYear !== undefined || r.lastYearLater !== undefined)).toBe(false);
  });
});

describe('the focus card on the map', () => {
  const metrics = (sales: PeriodValues) => new Proxy({} as Record<Scope, Record<MetricId, PeriodValues>>, {
    get: () => new Proxy({} as Record<MetricId, PeriodValues>, { get: (_t, k: string) => (k === 'sales' ? sales : zone[k as MetricId]) }),
  });

  it('prints 同比 as a difference when last year\'s base is below the minimum for money', () => {
    const sales: PeriodValues = { ...pv(1e6, 9.5e7, 9.5e8, null, null), base: { yoy: { today: null, mtd: 8e6, ytd: null }, mom: { today: null, mtd: null } } };
    render(<FocusCard metrics={metrics(sales)} focus="hubian-park" locale="zh-CN" />);
    expect(screen.getByTestId('map-focus-yoy').textContent).toBe('+8,700.00万元'); // not +1,087.5%
  });

  it('gives each line one unit for all parks, in which the smallest park keeps two significant digits (was 0.00亿美元)', async () => {
    // Month-to-date exports and sales per park on the 2nd of a month, in PARKS order.
    const exportsByPark = [2.28e7, 4.59e6, 3.15e6, 7.64e6, 1.88e6, 7.74e7, 8.69e6];
    const salesByPark = [5.12e8, 1.19e8, 1.34e8, 8.61e7, 5.9e7, 1.22e9, 1.79e8];
    const byPark = new Proxy({} as Record<Scope, Record<MetricId, PeriodValues>>, {
      get: (_t, scope: string) => {
        const i = PARK_IDS.indexOf(scope as (typeof PARK_IDS)[number]);
        return new Proxy({} as Record<MetricId, PeriodValues>, {
          get: (_u, k: string) => (k === 'exports' ? pv(0, exportsByPark[i]!, 0, null, null) : k === 'sales' ? pv(0, salesByPark[i]!, 0, 0.1, null) : zone[k as MetricId]),
        });
      },
    });
    await i18next.changeLanguage('zh-CN');
    const { rerender } = render(<FocusCard metrics={byPark} focus="hubian-park" locale="zh-CN" />);
    expect(screen.getByTestId('map-focus-exports').textContent).toBe('188万美元');
    expect(screen.getByTestId('map-focus-sales').textContent).toBe('0.59亿元');
    rerender(<FocusCard metrics={byPark} focus="xiangan-industrial" locale="zh-CN" />);
    expect(screen.getByTestId('map-focus-exports').textContent).toBe('7,740万美元'); // the same unit as the carousel moves on
    expect(screen.getByTestId('map-focus-sales').textContent).toBe('12.20亿元');
    cleanup();
    await i18next.changeLanguage('en');
    render(<FocusCard metrics={byPark} focus="hubian-park" locale="en" />);
    expect(screen.getByTestId('map-focus-exports').textContent).toBe('US$ 1.9 m');
    expect(screen.getByTestId('map-focus-sales').textContent).toBe('CNY 59 m');
    await i18next.changeLanguage('zh-CN');
  });
});

describe('ranking and feed health', () => {
  it('ranks parks in one unit, with as few decimals as keep every park two significant digits', () => {
    const ranking = PARK_IDS.map((parkId, i) => ({ parkId, sales: (7 - i) * 1e9 }));
    render(<Ranking ranking={ranking} locale="zh-CN" fresh={{ sources: ['tax'], lastEventTs: null, stale: false }} />);
    const panel = screen.getByTestId('panel-ranking');
    expect(panel.textContent).toContain('亿元');
    expect(screen.getByTestId(`ranking-${PARK_IDS[0]}`).textContent).toBe('70');
    expect(screen.getByTestId(`ranking-${PARK_IDS[6]}`).textContent).toBe('10');
  });

  it('picks the English ranking\'s unit from the parks\' figures (was 1.2 / 0.5 / 0.2 / 0.1 / 0.1 / 0.1 / 0.1 CNY bn)', async () => {
    const sales = [1.22e9, 5.12e8, 1.79e8, 1.34e8, 1.19e8, 8.61e7, 5.9e7];
    const ranking = PARK_IDS.map((parkId, i) => ({ parkId, sales: sales[i]! }));
    await i18next.changeLanguage('en');
    const fresh = { sources: ['tax' as const], lastEventTs: null, stale: false };
    const { rerender } = render(<Ranking ranking={ranking} locale="en" fresh={fresh} />);
    expect(screen.getByTestId('panel-ranking').textContent).toContain('CNY m');
    expect(PARK_IDS.map((p) => screen.getByTestId(`ranking-${p}`).textContent)).toEqual(['1,220', '512', '179', '134', '119', '86', '59']);
    // a delta: the unit holds (no flip to bn as the leader passes 1 bn… or 5 bn)
    rerender(<Ranking ranking={ranking.map((r) => ({ ...r, sales: r.sales * 5 }))} locale="en" fresh={fresh} />);
    expect(screen.getByTestId('panel-ranking').textContent).toContain('CNY m');
    expect(screen.getByTestId(`ranking-${PARK_IDS[0]}`).textContent).toBe('6,100');
    await i18next.changeLanguage('zh-CN');
  });

  it('turns a feed amber when late and red when down (working hours)', () => {
    vi.useFakeTimers();
    const now = Date.UTC(2026, 10, 26, 2, 0); // Thursday 10:00 in Shanghai
    vi.setSystemTime(now);
    const feed = (ageMin: number): FeedView => ({ lastEventTs: now - ageMin * 60_000, lastArrival: null, perMinute: 1, accepted: 1, rejected: 0, duplicates: 0, tooLate: 0, rehearsal: 0, lastRehearsal: null, minutes: [], lag: 0 });
    render(<Feeds feeds={{ tax: feed(1), customs: feed(30), registry: feed(500) }} connectionLive />);
    expect(screen.getByTestId('feed-tax').getAttribute('data-status')).toBe('ok');
    expect(screen.getByTestId('feed-customs').getAttribute('data-status')).toBe('stale');
    expect(screen.getByTestId('feed-registry').getAttribute('data-status')).toBe('down');
    vi.useRealTimers();
  });
});

describe('header', () => {
  it('says LIVE, and warns when the store is embedded or rehearsal data is flowing', async () => {
    const { Header } = await import('../../frontend/src/wall/panels/Header.tsx');
    await i18next.changeLanguage('zh-CN');
    render(<Header status="live" catchingUp={false} mode="live" embedded={false} />);
    expect(screen.getByTestId('mode-badge').textContent).toBe('实时');
    expect(screen.queryByTestId('rehearsal-badge')).toBeNull();
    cleanup();
    render(<Header status="live" catchingUp={false} mode="live" embedded rehearsal />);
    expect(screen.getByTestId('rehearsal-badge').textContent).toBe('含演练数据');
    expect(screen.getByTestId('embedded-badge')).toBeTruthy();
  });
});
