import { describe, expect, it } from 'vitest';
import { chooseUnits, scaled, splitUnit, tableScale } from '../../frontend/src/format/index.ts';
import { wallOptions } from '../../frontend/src/wall/Wall.tsx';

describe('wall formatting', () => {
  it('splits a figure into numeral and unit in both languages', () => {
    expect(splitUnit('331.10亿元')).toEqual({ num: '331.10', unit: '亿元' });
    expect(splitUnit('−5.00亿美元')).toEqual({ num: '−5.00', unit: '亿美元' });
    expect(splitUnit('CNY 33.11 bn')).toEqual({ num: '33.11', unit: 'CNY bn' });
    expect(splitUnit('US$ 670.0 m')).toEqual({ num: '670.0', unit: 'US$ m' });
    expect(splitUnit('414')).toEqual({ num: '414', unit: '' });
  });

  it('gives a whole table one scale from its largest value', () => {
    expect(tableScale(1.8e10, 'cny', 'zh-CN')).toEqual({ divisor: 1e8, unit: '亿元' });
    expect(tableScale(5e7, 'usd', 'zh-CN')).toEqual({ divisor: 1e4, unit: '万美元' });
    expect(tableScale(1.8e10, 'cny', 'en')).toEqual({ divisor: 1e9, unit: 'CNY bn' });
    expect(tableScale(6.7e8, 'usd', 'en')).toEqual({ divisor: 1e6, unit: 'US$ m' });
    expect(scaled(69e8, 1e8, 'zh-CN')).toBe('69.0');
    expect(scaled(-1234e6, 1e6, 'en', 0)).toBe('−1,234');
  });

  it('chooses the wall units once from the year so they do not flip', () => {
    expect(chooseUnits({ sales: 4.1e11, tax: 2.7e10, trade: 2.2e10 })).toEqual({ sales: 'yi', tax: 'yi', trade: 'yi' });
    expect(chooseUnits({ sales: 5e8, tax: 3e5, trade: 0 })).toEqual({ sales: 'wan', tax: 'wan', trade: 'yuan' });
  });

  it('reads wall options from the kiosk URL', () => {
    expect(wallOptions('?token=x')).toEqual({ metric: 'sales', carouselMs: 8000, watermark: true, nightDim: false });
    expect(wallOptions('?metric=exports&carousel=0&watermark=0&night=1')).toEqual({ metric: 'exports', carouselMs: 0, watermark: false, nightDim: true });
    expect(wallOptions('?metric=bogus&carousel=15').metric).toBe('sales');
    expect(wallOptions('?carousel=15').carouselMs).toBe(15_000);
  });
});
