// The demo schedule fires every kind of rule in the shipped rules file: the simulator's own
// generator and fault switches, a month of history before it, and the same pipeline (reducer and
// alert engine) the gateway and replay run, clocked by arrival times as the gateway is.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { type AlertTransition, type Pipeline, RULE_KINDS, createEngine, createState, decodeEntry, parseRuleSet, parseShanghai, processEntry } from '@torch/shared';
import { DEMO_FAULTS, entriesFor, generateRange, intensityOf, parseFault } from '@torch/simulators';

const MIN = 60_000;

function demo(startText: string, withFaults = true, liveMinutes = 40) {
  const parsed = parseRuleSet(parse(readFileSync(new URL('../../backend/rules/alert-rules.yaml', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const start = parseShanghai(startText);
  const p: Pipeline = { metrics: createState(), engine: createEngine(start), rules: parsed.ruleSet };
  const faults = DEMO_FAULTS.map(parseFault);
  const out: AlertTransition[] = [];
  let seq = 0;
  const feed = (from: number, to: number, withFaults: boolean) => {
    const gen = { seed: 11, ...(withFaults ? { intensity: intensityOf(faults, start) } : {}) };
    const entries = [...generateRange(gen, from, to)].flatMap((e) => entriesFor(e, withFaults ? faults : [], start, 11));
    entries.sort((a, b) => a.arrival - b.arrival);
    for (const x of entries) {
      const id = `${x.arrival}-${seq++}`;
      const flat = x.payload === undefined ? ['v', '1'] : ['e', x.payload, 'v', '1'];
      out.push(...processEntry(p, x.source, decodeEntry(x.source, id, flat)).transitions);
    }
  };
  feed(start - 35 * 24 * 60 * MIN, start, false);
  feed(start, start + liveMinutes * MIN, withFaults);
  return { out, start };
}


describe('npm start -- --demo', () => {
  it('fires every rule kind within 40 minutes of a working morning', () => {
    const { out, start } = demo('2026-03-03T10:00');
    const fired = out.filter((t) => t.type === 'fire');
    const kinds = new Map<string, number>();
    for (const t of fired) if (t.type === 'fire' && !kinds.has(t.rule.kind)) kinds.set(t.rule.kind, (t.at - start) / MIN);
    expect([...kinds.keys()].sort()).toEqual([...RULE_KINDS].sort());
    console.info('demo: minutes to the first alert of each kind', Object.fromEntries(kinds));
  });

  it('the same rules stay quiet over two ordinary days without faults', () => {
    const { out } = demo('2026-03-03T00:00', false, 2 * 24 * 60);
    const fired = out.filter((t) => t.type === 'fire').map((t) => (t.type === 'fire' ? `${t.rule.id} ${t.fingerprint}` : ''));
    // Single large declarations are real events, not false alarms: about one a week.
    expect(fired.filter((f) => !f.startsWith('large-declaration'))).toEqual([]);
  });
});
