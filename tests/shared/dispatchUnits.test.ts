// The units directory: the seed for the zone, the checks on a directory an admin edits, and the
// unit suggested for an alert.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { type Rule, RuleSchema, parseRuleSet } from '../../shared/src/alerts/rules.ts';
import { type AlertTopic, alertTopic, sourceOfMetric, suggestUnit } from '../../shared/src/dispatch/suggest.ts';
import { SEED_UNITS, type Unit, parseUnits, unitsOfMember } from '../../shared/src/dispatch/units.ts';
import { PARKS, PARK_IDS } from '../../shared/src/parks.ts';

function errorsOf(doc: unknown): string[] {
  const r = parseUnits(doc);
  if (r.ok) throw new Error('expected the directory to be refused');
  return r.errors;
}

const office = (park: string): Unit => SEED_UNITS.find((u) => u.parkId === park)!;

describe('the seed', () => {
  it('is a valid directory', () => {
    const r = parseUnits(JSON.parse(JSON.stringify(SEED_UNITS)));
    expect(r.ok).toBe(true);
  });

  it('has one management office per sub-park, named after it', () => {
    const offices = SEED_UNITS.filter((u) => u.kind === 'park-office');
    expect(offices.map((u) => u.parkId).sort()).toEqual([...PARK_IDS].sort());
    for (const p of PARKS) expect(office(p.id).name.zh).toContain(p.zh);
  });

  it('has the zone bureaus the brief names and a liaison per source', () => {
    expect(SEED_UNITS.filter((u) => u.kind === 'bureau').map((u) => u.name.zh).sort()).toEqual(['企业服务中心', '招商局', '科技局', '经济发展局'].sort());
    expect(SEED_UNITS.filter((u) => u.kind === 'liaison').map((u) => [u.source, u.name.zh])).toEqual([
      ['tax', '税务联络组'], ['customs', '海关联络组'], ['registry', '市场监管联络组'],
    ]);
  });

  it('gives every unit a head among its members, and nobody serves two seeded units', () => {
    const all = SEED_UNITS.flatMap((u) => u.members);
    expect(new Set(all).size).toBe(all.length);
    for (const u of SEED_UNITS) expect(u.members).toContain(u.head);
    expect(unitsOfMember(SEED_UNITS, office('torch-park').head).map((u) => u.id)).toEqual([office('torch-park').id]);
  });
});

describe('directory checks', () => {
  const base = { id: 'office-x', kind: 'park-office', parkId: 'torch-park', name: { zh: '办公室', en: 'Office' }, head: 'a.head', members: ['a.head'] };

  it('a park office without its park, a liaison without its source, a bureau with a park', () => {
    expect(errorsOf([{ ...base, parkId: undefined }])).toEqual(['unit "office-x" (#1): parkId: a park office names its park, and only a park office does']);
    expect(errorsOf([{ ...base, kind: 'liaison', parkId: undefined }])).toEqual(['unit "office-x" (#1): source: a liaison names its source (tax, customs or registry), and only a liaison does']);
    expect(errorsOf([{ ...base, kind: 'bureau' }])).toEqual(['unit "office-x" (#1): parkId: a park office names its park, and only a park office does']);
  });

  it('a head who is not a member, a member twice, a bad user name', () => {
    expect(errorsOf([{ ...base, head: 'b.head' }])).toEqual(['unit "office-x" (#1): head: the head must be one of the members']);
    expect(errorsOf([{ ...base, members: ['a.head', 'a.head'] }])).toEqual(['unit "office-x" (#1): members: a member is listed twice']);
    expect(errorsOf([{ ...base, members: ['a.head', 'Not OK'] }])[0]).toMatch(/^unit "office-x" \(#1\): members\.1: /);
  });

  it('webhook URLs are http(s) only', () => {
    expect(parseUnits([{ ...base, webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' }]).ok).toBe(true);
    expect(errorsOf([{ ...base, webhookUrl: 'ftp://example.org/x' }])[0]).toMatch(/^unit "office-x" \(#1\): webhookUrl: /);
  });

  it('duplicate ids, two offices for one park, two liaisons for one source', () => {
    expect(errorsOf([base, { ...base }])).toEqual([
      'unit "office-x" (#2): id: "office-x" is used by another unit',
      'unit "office-x" (#2): parkId: torch-park has an office already',
    ]);
    const liaison = { id: 'l1', kind: 'liaison', source: 'tax', name: { zh: '税务', en: 'Tax' }, head: 'l.head', members: ['l.head'] };
    expect(errorsOf([liaison, { ...liaison, id: 'l2' }])).toEqual(['unit "l2" (#2): source: tax has a liaison already']);
    expect(errorsOf({})).toEqual(['units: expected a list']);
    expect(errorsOf([{ kind: 'bureau' }])[0]).toMatch(/^unit #1: /);
  });
});

describe('suggesting a unit', () => {
  const rule = (r: Record<string, unknown>): Rule => RuleSchema.parse({ id: 'r1', name: { zh: '测试', en: 'Test' }, severity: 'warning', ...r });
  const topicOf = (r: Record<string, unknown>, labels: Record<string, string> = {}) => alertTopic(rule(r), labels);
  const suggest = (t: AlertTopic, units: readonly Unit[] = SEED_UNITS) => {
    const s = suggestUnit(t, units);
    return s && [s.unit.id, s.category];
  };

  it('maps metrics to their sources', () => {
    expect(['sales', 'invoices', 'chain.ic', 'tax', 'tax.vat'].map(sourceOfMetric)).toEqual(['tax', 'tax', 'tax', 'tax', 'tax']);
    expect(['exports', 'imports.asean', 'declarations', 'trade'].map(sourceOfMetric)).toEqual(['customs', 'customs', 'customs', 'customs']);
    expect(['established', 'deregistered', 'netEstablished', 'capitalAdded', 'changes', 'foreignEstablished'].map(sourceOfMetric).every((s) => s === 'registry')).toBe(true);
    expect(sourceOfMetric('nonsense')).toBeNull();
  });

  it('tax about one park goes to its office, about the zone to the tax liaison', () => {
    const tax = { kind: 'threshold', metric: 'tax', period: 'mtd', measure: 'yoy', below: -0.15, scope: 'each-park' };
    expect(suggest(topicOf(tax, { park: 'software-park-3' }))).toEqual(['office-software-park-3', 'tax']);
    expect(suggest(topicOf({ ...tax, scope: 'zone' }))).toEqual(['liaison-tax', 'tax']);
    expect(suggest(topicOf({ kind: 'drop', metric: 'invoices', ratio: 0.4 }))).toEqual(['liaison-tax', 'tax']);
  });

  it('customs to the customs liaison, even for one park', () => {
    expect(suggest(topicOf({ kind: 'large-event', event: 'customs.declaration', field: 'valueUsd', above: 1e7 }, { park: 'torch-park' }))).toEqual(['liaison-customs', 'trade']);
    expect(suggest(topicOf({ kind: 'threshold', metric: 'exports', period: 'today', measure: 'mom', below: -0.5 }))).toEqual(['liaison-customs', 'trade']);
  });

  it('enterprises leaving to the enterprise service centre, other registry figures to market regulation', () => {
    expect(suggest(topicOf({ kind: 'spike', metric: 'deregistered' }))).toEqual(['enterprise-service', 'registry']);
    expect(suggest(topicOf({ kind: 'threshold', metric: 'netEstablished', period: 'mtd', below: 0 }, { park: 'hubian-park' }))).toEqual(['enterprise-service', 'registry']);
    expect(suggest(topicOf({ kind: 'threshold', metric: 'established', period: 'today', below: 1 }))).toEqual(['liaison-registry', 'registry']);
  });

  it('feed health to the liaison of the feed', () => {
    expect(suggest(topicOf({ kind: 'feed-stale', minutes: 30 }, { source: 'customs' }))).toEqual(['liaison-customs', 'data']);
    expect(suggest(topicOf({ kind: 'rejected-rate', source: 'registry', above: 0.1 }))).toEqual(['liaison-registry', 'data']);
    // No source known: nobody in particular, so the lead bureau.
    expect(suggest(topicOf({ kind: 'feed-delay', minutes: 10 }))).toEqual(['bureau-economy', 'data']);
  });

  it('falls back to the park office, then the economic development bureau, when the unit is gone', () => {
    const noLiaisons = SEED_UNITS.filter((u) => u.kind !== 'liaison');
    const decl = { kind: 'large-event', event: 'customs.declaration', field: 'valueUsd', above: 1e7 };
    expect(suggest(topicOf(decl, { park: 'tongxiang-city' }), noLiaisons)).toEqual(['office-tongxiang-city', 'trade']);
    expect(suggest(topicOf(decl), noLiaisons)).toEqual(['bureau-economy', 'trade']);
    expect(suggestUnit(topicOf(decl), [])).toBeNull();
  });

  it('says why', () => {
    const s = suggestUnit(topicOf({ kind: 'spike', metric: 'deregistered' }), SEED_UNITS)!;
    expect(s.reason.zh).toContain('企业服务中心');
    expect(s.reason.en.length).toBeGreaterThan(0);
  });

  it('has a unit for every rule of the shipped rules file, for the zone and for every park', () => {
    const file = new URL('../../backend/rules/alert-rules.yaml', import.meta.url);
    const r = parseRuleSet(parse(readFileSync(file, 'utf8')));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    for (const rl of r.ruleSet.rules) {
      for (const labels of [{}, ...PARK_IDS.map((park) => ({ park }))]) {
        expect(suggestUnit(alertTopic(rl, labels), SEED_UNITS), rl.id).not.toBeNull();
      }
    }
  });
});
