// The unit a panel prints its figures in: chosen so they keep two significant digits, held so they
// do not flip on every delta.
import { describe, expect, it } from 'vitest';
import {
  type FigureScale, MONEY_UNITS, type MoneyUnit, digitCount, formatInScale, holdScale, moneyRender, pickScale, scaleCandidates,
  scaleUnit, scaledNumeral, significantDigits,
} from '../../shared/src/index.ts';

const MINUS = '\u2212';
const zh = scaleCandidates('zh-CN');
const en = scaleCandidates('en');
const table = { maxWidth: 5 };
const pick = (values: number[], locale: 'zh-CN' | 'en') => pickScale(values, locale === 'en' ? en : zh, scaledNumeral, table);
const printed = (values: number[], s: FigureScale) => values.map((v) => scaledNumeral(v, s));
// Park month-to-date sales early in a month (2 Dec) and late in one, CNY.
const EARLY = [1.22e9, 5.12e8, 1.79e8, 1.34e8, 1.19e8, 8.61e7, 5.9e7];
const LATE = [1.815e10, 6.9e9, 2.58e9, 1.99e9, 1.51e9, 1.41e9, 6.9e8];

describe('reading a printed figure', () => {
  it('counts significant digits and width as printed', () => {
    expect(significantDigits('0.20')).toBe(2);
    expect(significantDigits('0.0')).toBe(0);
    expect(significantDigits('0.4')).toBe(1);
    expect(significantDigits('1,220')).toBe(4);
    expect(significantDigits('CNY 749.0 m')).toBe(4);
    expect(significantDigits('0.00亿美元')).toBe(0);
    expect(digitCount('12,345.6')).toBe(6);
  });
});

describe('pickScale: every figure keeps two significant digits, the largest fits the width', () => {
  it('takes the largest unit, then the fewest decimals, that keeps two significant digits (the issue\'s English ranking)', () => {
    // before: CNY bn with one decimal printed 1.2 / 0.5 / 0.2 / 0.1 / 0.1 / 0.1 / 0.1
    const s = pick(EARLY, 'en');
    expect([s.step, s.digits]).toEqual(['m', 0]);
    expect(scaleUnit(s, 'cny')).toBe('CNY m');
    expect(printed(EARLY, s)).toEqual(['1,220', '512', '179', '134', '119', '86', '59']);
  });

  it('adds decimals before stepping down a unit, in Chinese', () => {
    const s = pick(EARLY, 'zh-CN');
    expect([s.step, s.digits]).toEqual(['yi', 2]);
    expect(printed(EARLY, s)).toEqual(['12.20', '5.12', '1.79', '1.34', '1.19', '0.86', '0.59']);
    const late = pick(LATE, 'zh-CN');
    expect([late.step, late.digits]).toEqual(['yi', 1]);
    expect(printed(LATE, late).at(-1)).toBe('6.9');
    expect(printed(LATE, pick(LATE, 'en'))).toEqual(['18.15', '6.90', '2.58', '1.99', '1.51', '1.41', '0.69']);
  });

  it('steps down when no decimals can save the smallest figure: the focus card\'s exports (was 0.00亿美元)', () => {
    const exports = [2.28e7, 4.59e6, 3.15e6, 7.64e6, 1.88e6, 7.74e7, 8.69e6];
    const s = pick(exports, 'zh-CN');
    expect(formatInScale(1.88e6, s, 'usd')).toBe('188万美元');
    expect(formatInScale(7.74e7, s, 'usd')).toBe('7,740万美元');
    expect(formatInScale(1.88e6, pick(exports, 'en'), 'usd')).toBe('US$ 1.9 m');
  });

  it('keeps the largest figure within the width, even if a tiny one then loses digits', () => {
    // 300万 beside 18亿: 万 would print "180,000"; 亿 with two decimals is the best that fits
    const s = pick([1.8e9, 3e6], 'zh-CN');
    expect([s.step, s.digits]).toEqual(['yi', 2]);
    expect(digitCount(scaledNumeral(1.8e9, s))).toBeLessThanOrEqual(5);
  });

  it('ignores zeros (a true zero has no digits to keep) and takes the first candidate when all are zero', () => {
    expect(pick([0, 0], 'zh-CN')).toBe(zh[0]);
    expect(pick([0, 5.9e7, 1.22e9], 'zh-CN').digits).toBe(2);
  });

  it('works over the Chinese money units as formatCny prints them (the KPI figures)', () => {
    expect(pickScale([3.72e7], MONEY_UNITS, moneyRender('cny', 'zh-CN'))).toBe('yi'); // 0.37亿元
    expect(pickScale([4e6], MONEY_UNITS, moneyRender('cny', 'zh-CN'))).toBe('wan'); // 400.00万元, not 0.04亿元
    expect(pickScale([4e6], MONEY_UNITS, moneyRender('usd', 'en'))).toBe('yi'); // US$ 4.0 m
    expect(pickScale([4e4], MONEY_UNITS, moneyRender('usd', 'en'))).toBe('wan'); // US$ 40 k
  });
});

describe('holdScale: no flipping on every delta', () => {
  it('keeps the unit while the largest figure stays within 10× of the one it was chosen for', () => {
    let held = holdScale<FigureScale>(null, EARLY, zh, scaledNumeral, table);
    const chosen = held;
    for (const k of [1.5, 3, 6, 9.9]) {
      held = holdScale(held, EARLY.map((v) => v * k), zh, scaledNumeral, table);
      expect(held).toBe(chosen); // the same object: a memoised panel does not even re-render for it
    }
    expect(printed([EARLY[0]! * 9.9], held.scale)).toEqual(['120.78']); // one digit wider, as documented
  });

  it('re-chooses once the scale has moved by 10× either way (a new month, the first hours of a day)', () => {
    const held = holdScale<FigureScale>(null, LATE, zh, scaledNumeral, table);
    const month = holdScale(held, EARLY.map((v) => v / 10), zh, scaledNumeral, table);
    expect(month).not.toBe(held);
    expect(month.ref).toBe(1.22e8);
    expect(printed(EARLY.map((v) => v / 10), month.scale).at(-1)).toBe('590'); // 万
    const grown = holdScale(month, EARLY.map((v) => v * 1.01), zh, scaledNumeral, table);
    expect(grown).not.toBe(month);
    expect(grown.scale.step).toBe('yi');
  });

  it('re-chooses early when a figure would lose its second significant digit, only for a better unit', () => {
    const start = holdScale<FigureScale>(null, [1e9, 5e8], zh, scaledNumeral, table); // "5" would keep one digit only
    expect(printed([1e9, 5e8], start.scale)).toEqual(['10.0', '5.0']);
    const smaller = holdScale(start, [1e9, 5e8, 2e7], zh, scaledNumeral, table); // a park appears with 0.2亿
    expect(printed([2e7], smaller.scale)).toEqual(['0.20']);
    // nothing can keep two digits for 1万 beside 10亿 within five digits: keep what is held
    const tiny = holdScale(smaller, [1e9, 5e8, 2e7, 1e4], zh, scaledNumeral, table);
    expect(tiny).toBe(smaller);
  });

  it('holds a preferred unit (the wall\'s) while it reads, and leaves it when it does not', () => {
    const render = moneyRender('cny', 'zh-CN');
    const wall = { scale: 'yi' as MoneyUnit, ref: 2e7 };
    expect(holdScale(wall, [2e7], MONEY_UNITS, render)).toBe(wall); // 0.20亿元
    expect(holdScale(wall, [4e6], MONEY_UNITS, render).scale).toBe('wan'); // 0.04亿元 → 400.00万元
  });

  it('keeps what it holds when every figure goes to zero', () => {
    const held = holdScale<FigureScale>(null, EARLY, en, scaledNumeral, table);
    expect(holdScale(held, [0, 0, 0], en, scaledNumeral, table)).toBe(held);
  });
});

describe('printing in a scale', () => {
  it('writes the unit the Chinese way or the English way, with a real minus', () => {
    const yi2 = zh.find((s) => s.step === 'yi' && s.digits === 2)!;
    const m1 = en.find((s) => s.step === 'm' && s.digits === 1)!;
    expect(formatInScale(5.12e8, yi2, 'cny')).toBe('5.12亿元');
    expect(formatInScale(5.12e8, m1, 'cny')).toBe('CNY 512.0 m');
    expect(formatInScale(-5.12e8, m1, 'usd')).toBe(`US$ ${MINUS}512.0 m`);
    expect(scaledNumeral(-1, yi2)).toBe('0.00');
    expect(scaleUnit(en.find((s) => s.step === 'plain')!, 'usd')).toBe('US$');
    expect(scaleUnit(zh.find((s) => s.step === 'yuan')!, 'usd')).toBe('美元');
  });
});
