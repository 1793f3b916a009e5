// An alert's facts and labels as the console's detail reads them, without a screen. Each test names
// the rule it checks.
import { beforeAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { initI18n } from '../../frontend/src/i18n/index.ts';
import { KNOWN_FACTS, factName, factText, labelName, labelText, sortedFacts } from '../../frontend/src/console/facts.ts';

// Thursday 26 Nov 2026, 10:00 in Shanghai (02:00 UTC); the tests run with TZ=UTC.
const T0 = Date.UTC(2026, 10, 26, 2, 0);

beforeAll(() => {
  initI18n('zh-CN');
});

describe('an alert\'s facts', () => {
  it('known facts come first in the console\'s order; unknown ones follow as they came', () => {
    const facts = sortedFacts({ extra: 'x', partner: 'US', enterprise: '厦门测试贸易有限公司', another: 2, eventTs: T0 });
    expect(facts.map(([k]) => k)).toEqual(['enterprise', 'eventTs', 'partner', 'extra', 'another']);
    expect(KNOWN_FACTS.indexOf('enterprise')).toBe(0);
  });

  it('times are Shanghai date-times; counts are counts; a direction and a partner country are named', () => {
    const t = i18next.t;
    expect(factText('eventTs', T0, 'usd', 'zh-CN', t)).toBe('2026-11-26 10:00:00');
    expect(factText('events', 1234, 'usd', 'zh-CN', t)).toBe(factText('entries', 1234, 'cny', 'zh-CN', t));
    expect(factText('direction', 'export', 'usd', 'zh-CN', t)).toBe('出口');
    expect(factText('partner', 'US', 'usd', 'zh-CN', t)).toBe('美国');
    expect(factText('partner', 'US', 'usd', 'en', i18next.getFixedT('en'))).not.toBe('美国');
    // A country the console does not know, and a fact it does not know, are shown as they are.
    expect(factText('partner', 'ZZ', 'usd', 'zh-CN', t)).toBe('ZZ');
    expect(factText('note', 'as recorded', 'usd', 'zh-CN', t)).toBe('as recorded');
  });

  it('a baseline is in the alert\'s unit, except that a change\'s baseline is a plain number', () => {
    const t = i18next.t;
    expect(factText('baseline', 25_000_000, 'usd', 'zh-CN', t)).toBe('2,500.00万美元');
    expect(factText('mean', 0.25, 'change', 'zh-CN', t)).not.toContain('%');
  });

  it('known fact and label keys are named; unknown ones show their key', () => {
    const t = i18next.t;
    expect(factName('enterprise', t)).toBe(t('console.fact.enterprise'));
    expect(factName('enterprise', t)).not.toBe('enterprise');
    expect(factName('custom', t)).toBe('custom');
    expect(labelName('park', t)).toBe(t('console.label.park'));
    expect(labelName('team', t)).toBe('team');
  });

  it('a park or source label is named in the page language; an unknown id stays as it is', () => {
    expect(labelText('park', 'hubian-park', 'zh')).toBe('湖边水库东科创园');
    expect(labelText('source', 'customs', 'zh')).toBe('海关');
    expect(labelText('park', 'atlantis', 'en')).toBe('atlantis');
    expect(labelText('chain', 'ic', 'en')).toBe('ic');
  });
});
