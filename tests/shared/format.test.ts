import { describe, expect, it } from 'vitest';
import {
  PERCENT_MIN_BASE,
  changeShown,
  chooseMoneyUnit,
  formatChange,
  formatChangeOf,
  formatCny,
  formatCount,
  formatCountWan,
  formatUsd,
} from '../../shared/src/format.ts';

const MINUS = '\u2212';
const zh = { locale: 'zh-CN' } as const;
const en = { locale: 'en' } as const;

describe('chooseMoneyUnit', () => {
  it('switches exactly at 1e4 and 1e8 by the largest magnitude', () => {
    expect(chooseMoneyUnit([9_999.99])).toBe('yuan');
    expect(chooseMoneyUnit([10_000])).toBe('wan');
    expect(chooseMoneyUnit([99_999_999])).toBe('wan');
    expect(chooseMoneyUnit([100_000_000])).toBe('yi');
  });

  it('uses the largest absolute value, including negatives, and ignores non-finite values', () => {
    expect(chooseMoneyUnit([5, -2e8, 300])).toBe('yi');
    expect(chooseMoneyUnit([12, 45_000, 3])).toBe('wan');
    expect(chooseMoneyUnit([Number.NaN, Number.POSITIVE_INFINITY, 50])).toBe('yuan');
    expect(chooseMoneyUnit([])).toBe('yuan');
  });
});

describe('formatCny zh-CN', () => {
  it('formats each unit with its default digits', () => {
    expect(formatCny(362_600_000_000, zh)).toBe('3,626.00亿元');
    expect(formatCny(563_000, zh)).toBe('56.30万元');
    expect(formatCny(980, zh)).toBe('980元');
  });

  it('switches unit at the boundaries in auto mode', () => {
    expect(formatCny(9_999, zh)).toBe('9,999元');
    expect(formatCny(10_000, zh)).toBe('1.00万元');
    expect(formatCny(99_990_000, zh)).toBe('9,999.00万元');
    expect(formatCny(100_000_000, zh)).toBe('1.00亿元');
  });

  it('steps up instead of showing 10,000 of a smaller unit after rounding', () => {
    expect(formatCny(9_999.6, zh)).toBe('1.00万元');
    expect(formatCny(99_999_999.9, zh)).toBe('1.00亿元');
  });

  it('keeps a fixed panel unit even for small values', () => {
    const unit = chooseMoneyUnit([3e9, 2e5]);
    expect(formatCny(2e5, { ...zh, unit })).toBe('0.00亿元');
    expect(formatCny(2e5, { ...zh, unit, digits: 4 })).toBe('0.0020亿元');
    expect(formatCny(123_456_789, { ...zh, unit: 'wan' })).toBe('12,345.68万元');
    expect(formatCny(123_456, { ...zh, unit: 'yuan' })).toBe('123,456元');
  });

  it('honours digits and rounds half away from zero', () => {
    expect(formatCny(12_345, { ...zh, digits: 0 })).toBe('1万元');
    expect(formatCny(12_345, { ...zh, digits: 3 })).toBe('1.235万元');
    expect(formatCny(980.5, zh)).toBe('981元');
    expect(formatCny(980.456, { ...zh, digits: 2 })).toBe('980.46元');
  });

  it('uses U+2212 for negatives and never shows a negative zero', () => {
    expect(formatCny(-563_000, zh)).toBe(`${MINUS}56.30万元`);
    expect(formatCny(-2.5e8, zh)).toBe(`${MINUS}2.50亿元`);
    expect(formatCny(-980, zh)).toBe(`${MINUS}980元`);
    expect(formatCny(-0.2, zh)).toBe('0元');
    expect(formatCny(-0.2, zh)).not.toContain('-');
  });

  it('formats non-finite amounts as a dash', () => {
    expect(formatCny(Number.NaN, zh)).toBe('—');
    expect(formatCny(Number.NEGATIVE_INFINITY, en)).toBe('—');
  });

  it('rejects nonsensical digits', () => {
    expect(() => formatCny(1, { ...zh, digits: -1 })).toThrow(RangeError);
    expect(() => formatCny(1, { ...zh, digits: 1.5 })).toThrow(RangeError);
  });
});

describe('formatCny en', () => {
  it('maps 亿 to bn or m, 万 to m or k, 元 to plain', () => {
    expect(formatCny(362_600_000_000, en)).toBe('CNY 362.60 bn');
    expect(formatCny(626_000_000, en)).toBe('CNY 626.0 m');
    expect(formatCny(5_630_000, en)).toBe('CNY 5.6 m');
    expect(formatCny(563_000, en)).toBe('CNY 563 k');
    expect(formatCny(980, en)).toBe('CNY 980');
  });

  it('switches magnitude word at 1e6 and 1e9, stepping up when rounding reaches 1000', () => {
    expect(formatCny(999_000, en)).toBe('CNY 999 k');
    expect(formatCny(999_600, en)).toBe('CNY 1.0 m');
    expect(formatCny(1_000_000, en)).toBe('CNY 1.0 m');
    expect(formatCny(999_940_000, en)).toBe('CNY 999.9 m');
    expect(formatCny(999_960_000, en)).toBe('CNY 1.00 bn');
    expect(formatCny(1e9, en)).toBe('CNY 1.00 bn');
  });

  it('honours digits and negatives', () => {
    expect(formatCny(362_600_000_000, { ...en, digits: 1 })).toBe('CNY 362.6 bn');
    expect(formatCny(563_000, { ...en, digits: 2 })).toBe('CNY 563.00 k');
    expect(formatCny(-5_630_000, en)).toBe(`CNY ${MINUS}5.6 m`);
    expect(formatCny(-980, en)).toBe(`CNY ${MINUS}980`);
    expect(formatCny(1_234_567, { ...en, unit: 'yuan' })).toBe('CNY 1,234,567');
  });
});

describe('formatUsd', () => {
  it('uses 美元 units in zh-CN', () => {
    expect(formatUsd(626_000_000, zh)).toBe('6.26亿美元');
    expect(formatUsd(56_300, zh)).toBe('5.63万美元');
    expect(formatUsd(750, zh)).toBe('750美元');
    expect(formatUsd(-626_000_000, zh)).toBe(`${MINUS}6.26亿美元`);
  });

  it('says 626 million, not 6.26 billion, for 6.26亿美元', () => {
    expect(formatUsd(626_000_000, en)).toBe('US$ 626.0 m');
    expect(formatUsd(6_260_000_000, en)).toBe('US$ 6.26 bn');
    expect(formatUsd(56_300, en)).toBe('US$ 56 k');
    expect(formatUsd(750, en)).toBe('US$ 750');
  });
});

describe('formatCount', () => {
  it('is unit-free with separators in both locales', () => {
    expect(formatCount(1_234, zh)).toBe('1,234');
    expect(formatCount(1_234, en)).toBe('1,234');
    expect(formatCount(1_234_567, zh)).toBe('1,234,567');
    expect(formatCount(999, en)).toBe('999');
    expect(formatCount(-1_234, en)).toBe(`${MINUS}1,234`);
    expect(formatCount(Number.NaN, en)).toBe('—');
  });
});

describe('formatCountWan', () => {
  it('stays plain below 1e4', () => {
    expect(formatCountWan(9_999, zh)).toBe('9,999');
    expect(formatCountWan(9_999, en)).toBe('9,999');
  });

  it('uses 万/亿 in zh-CN with trailing zeros trimmed', () => {
    expect(formatCountWan(123_000, zh)).toBe('12.3万');
    expect(formatCountWan(120_000, zh)).toBe('12万');
    expect(formatCountWan(10_000, zh)).toBe('1万');
    expect(formatCountWan(99_999_999, zh)).toBe('1亿');
    expect(formatCountWan(123_000_000, zh)).toBe('1.2亿');
    expect(formatCountWan(-123_000, zh)).toBe(`${MINUS}12.3万`);
  });

  it('uses k/m/bn in English', () => {
    expect(formatCountWan(123_000, en)).toBe('123 k');
    expect(formatCountWan(12_345, en)).toBe('12.3 k');
    expect(formatCountWan(999_990, en)).toBe('1 m');
    expect(formatCountWan(1_234_567, en)).toBe('1.2 m');
    expect(formatCountWan(2_500_000_000, en)).toBe('2.5 bn');
    expect(formatCountWan(-123_000, en)).toBe(`${MINUS}123 k`);
  });

  it('honours digits', () => {
    expect(formatCountWan(123_456, { ...zh, digits: 2 })).toBe('12.35万');
    expect(formatCountWan(123_456, { ...en, digits: 0 })).toBe('123 k');
  });
});

describe('formatChange', () => {
  it('formats signed percentages with one decimal', () => {
    expect(formatChange(0.039, en)).toBe('+3.9%');
    expect(formatChange(-0.15, zh)).toBe(`${MINUS}15.0%`);
    expect(formatChange(0.0396, zh)).toBe('+4.0%');
    expect(formatChange(1, en)).toBe('+100.0%');
    expect(formatChange(12.345, en)).toBe('+1,234.5%');
  });

  it('leaves changes that round to zero unsigned', () => {
    expect(formatChange(0, en)).toBe('0.0%');
    expect(formatChange(0.0004, en)).toBe('0.0%');
    expect(formatChange(-0.0004, zh)).toBe('0.0%');
  });

  it('returns a dash for null and non-finite ratios', () => {
    expect(formatChange(null, zh)).toBe('—');
    expect(formatChange(Number.NaN, en)).toBe('—');
    expect(formatChange(Number.POSITIVE_INFINITY, en)).toBe('—');
  });
});

describe('changes that read right (changeShown, formatChangeOf)', () => {
  it('rule 1: no base, no change ("—")', () => {
    expect(changeShown(5, null, 'count')).toEqual({ form: 'none' });
    expect(formatChangeOf(5, null, { ...zh, unit: 'count' })).toEqual({ text: '—', direction: 'none' });
    expect(formatChangeOf(Number.NaN, 3e8, { ...en, unit: 'cny' }).text).toBe('—');
  });

  it('rule 2: a base of zero or below gives the difference, not a percentage', () => {
    expect(changeShown(3, 0, 'count')).toEqual({ form: 'difference', diff: 3 });
    expect(formatChangeOf(3, 0, { ...zh, unit: 'count', countSuffix: '家' })).toEqual({ text: '+3家', direction: 'up' });
    // net enterprises −5 → −12: "−140 %" of a negative base means nothing
    expect(formatChangeOf(-12, -5, { ...zh, unit: 'count', countSuffix: '家' })).toEqual({ text: `${MINUS}7家`, direction: 'down' });
    expect(formatChangeOf(0, 0, { ...en, unit: 'count' })).toEqual({ text: '0', direction: 'flat' });
  });

  it('rule 3: a change of sign gives the difference (净增企业 20 → −14 is 同比 −34家, not −170 %)', () => {
    expect(changeShown(-14, 20, 'count')).toEqual({ form: 'difference', diff: -34 });
    expect(formatChangeOf(-14, 20, { ...zh, unit: 'count', countSuffix: '家' })).toEqual({ text: `${MINUS}34家`, direction: 'down' });
    expect(formatChangeOf(-14, 20, { ...en, unit: 'count' })).toEqual({ text: `${MINUS}34`, direction: 'down' });
    // a sign change of a large money figure is still not a percentage
    expect(formatChangeOf(-2e8, 5e8, { ...zh, unit: 'cny' }).text).toBe(`${MINUS}7.00亿元`);
  });

  it('rule 4: a base below the minimum for its kind gives the difference (today 2 vs 0.17 is +2, not +1,100 %)', () => {
    expect(PERCENT_MIN_BASE).toEqual({ count: 20, cny: 1e7, usd: 3e6 });
    expect(formatChangeOf(2, 2 / 12, { ...zh, unit: 'count', countSuffix: '家' })).toEqual({ text: '+2家', direction: 'up' }); // whole, though the pro-rata base is fractional
    expect(changeShown(25, 19.9, 'count').form).toBe('difference');
    expect(changeShown(25, 20, 'count').form).toBe('percent');
    expect(formatChangeOf(6.5e6, 3e6, { ...zh, unit: 'cny' })).toEqual({ text: '+350.00万元', direction: 'up' });
    expect(formatChangeOf(6.5e6, 3e6, { ...en, unit: 'cny' })).toEqual({ text: '+CNY 3.5 m', direction: 'up' });
    expect(formatChangeOf(1e6, 2.9e6, { ...en, unit: 'usd' })).toEqual({ text: `${MINUS}US$ 1.9 m`, direction: 'down' });
    expect(changeShown(4e6, 3e6, 'usd').form).toBe('percent'); // the minimum is per kind: 300万美元 is enough
  });

  it('rule 5: otherwise the percentage, in both languages, flat when it rounds to zero', () => {
    expect(changeShown(1200, 1000, 'count')).toEqual({ form: 'percent', ratio: 0.2 });
    expect(formatChangeOf(3.626e11, 3.49e11, { ...zh, unit: 'cny' })).toEqual({ text: '+3.9%', direction: 'up' });
    expect(formatChangeOf(85, 100, { ...en, unit: 'count' })).toEqual({ text: `${MINUS}15.0%`, direction: 'down' });
    expect(formatChangeOf(1e8 + 1, 1e8, { ...en, unit: 'cny' })).toEqual({ text: '0.0%', direction: 'flat' });
    expect(formatChangeOf(0, 5e7, { ...zh, unit: 'usd' })).toEqual({ text: `${MINUS}100.0%`, direction: 'down' });
  });
});
