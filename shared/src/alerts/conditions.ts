// Each rule kind's condition at one instant, over the reducer state and the engine's windows. Every
// rule instance (a rule × a park or a source) yields a condition whether or not it holds, so a
// resolve can carry the value that cleared it.
import type { ChainId } from '../chains.ts';
import type { MetricsState } from '../metrics/state.ts';
import { type PeriodSums, ZONE, periodSums, periodValues } from '../metrics/view.ts';
import type { ParkId } from '../parks.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, startOfShanghaiDay } from '../time.ts';
import { isWorkingHours } from '../holidays.ts';
import { type AlertLabels, type EngineState, fingerprintOf, windowKey } from './state.ts';
import type { Rule, RuleSet } from './rules.ts';
import { scopeParks, scopeSources } from './rules.ts';
import { pastWindow, ringSum } from './windows.ts';

export interface Condition {
  fingerprint: string;
  rule: Rule;
  labels: AlertLabels;
  holds: boolean;
  value: number;
  threshold: number;
  detail: Record<string, string | number>;
}

/** Whether the engine has counted the window's metric since `from` (else: no opinion yet). */
function covered(engine: EngineState, key: string, from: number): boolean {
  const since = engine.windowsFrom.get(key);
  return since !== undefined && since <= from;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export function conditionsAt(engine: EngineState, rules: RuleSet, metrics: MetricsState, at: number): Map<string, Condition> {
  const out = new Map<string, Condition>();
  let sums: PeriodSums | null = null;
  const add = (rule: Rule, labels: AlertLabels, holds: boolean, value: number, threshold: number, detail: Record<string, string | number> = {}) => {
    const fingerprint = fingerprintOf(rule.id, labels);
    out.set(fingerprint, { fingerprint, rule, labels, holds, value: round(value), threshold: round(threshold), detail });
  };
  const parkLabels = (rule: Rule, park: ParkId | null): AlertLabels => ({ ...rule.labels, ...(park ? { park } : {}) });

  for (const rule of rules.rules) {
    if (!rule.enabled) continue;
    switch (rule.kind) {
      case 'threshold': {
        sums ??= periodSums(metrics, at);
        for (const park of scopeParks(rule.scope)) {
          const pv = periodValues(sums, park ?? ZONE, rule.metric);
          const v = rule.measure === 'value' ? pv[rule.period] : rule.measure === 'yoy' ? pv.yoy[rule.period] : rule.period === 'ytd' ? null : pv.mom[rule.period];
          if (v === null) continue; // no base to compare with: no opinion
          const labels = parkLabels(rule, park);
          if (rule.metric.startsWith('chain.')) labels.chain = rule.metric.slice(6) as ChainId;
          const holds = rule.below !== undefined ? v < rule.below : v > rule.above!;
          add(rule, labels, holds, v, rule.below ?? rule.above!);
        }
        break;
      }
      case 'drop': {
        const w = rule.window * MINUTE_MS;
        for (const park of scopeParks(rule.scope)) {
          if (!covered(engine, windowKey(rule.metric, park), at - w)) continue;
          const current = ringSum(engine.windows.get(windowKey(rule.metric, park)) ?? new Map(), at, rule.window);
          const baseline = pastWindow(metrics, rule.metric, park, at - w - rule.baselineDays * DAY_MS, at - rule.baselineDays * DAY_MS);
          if (baseline === null) continue;
          const threshold = baseline * rule.ratio;
          add(rule, parkLabels(rule, park), baseline >= rule.minBaseline && current < threshold, current, threshold, { baseline: round(baseline, 2) });
        }
        break;
      }
      case 'spike': {
        const w = rule.window * MINUTE_MS;
        for (const park of scopeParks(rule.scope)) {
          if (!covered(engine, windowKey(rule.metric, park), at - w)) continue;
          const current = ringSum(engine.windows.get(windowKey(rule.metric, park)) ?? new Map(), at, rule.window);
          const samples: number[] = [];
          for (let d = 1; d <= rule.trailingDays; d++) {
            const v = pastWindow(metrics, rule.metric, park, at - w - d * DAY_MS, at - d * DAY_MS);
            if (v !== null) samples.push(v);
          }
          // Fewer than half the trailing days known: no statistics to speak of.
          if (samples.length < rule.trailingDays / 2) continue;
          const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
          const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length);
          const threshold = Math.max(mean + rule.sigmas * sd, rule.minValue);
          add(rule, parkLabels(rule, park), current > threshold, current, threshold, { mean: round(mean, 2), sd: round(sd, 2), days: samples.length });
        }
        break;
      }
      case 'large-event':
        for (const h of engine.large) if (h.ruleId === rule.id && at < h.at + rule.hold * MINUTE_MS) {
          out.set(h.fingerprint, { fingerprint: h.fingerprint, rule, labels: h.labels, holds: true, value: h.value, threshold: rule.above, detail: h.detail });
        }
        break;
      case 'feed-stale':
        for (const source of scopeSources(rule.source)) {
          const wm = metrics.sources[source].watermark;
          if (wm === null) continue;
          // "Silent for N minutes in working hours": a quiet night or weekend does not count, so
          // Monday 09:00 starts from zero rather than from Friday's last event.
          const from = rule.calendar === 'working-hours' && isWorkingHours(at) ? Math.max(wm, startOfShanghaiDay(at) + 9 * HOUR_MS) : wm;
          const age = (at - from) / MINUTE_MS;
          add(rule, { ...rule.labels, source }, age >= rule.minutes, age, rule.minutes, { lastEventTs: wm });
        }
        break;
      case 'feed-delay':
      case 'rejected-rate':
        for (const source of scopeSources(rule.source)) {
          const ring = engine.feeds[source];
          let n = 0, delay = 0, rejected = 0;
          const end = Math.floor(at / MINUTE_MS);
          for (let m = end - rule.window; m < end; m++) {
            const fm = ring.get(m);
            if (fm) { n += fm.n; delay += fm.delay; rejected += fm.rejected; }
          }
          const labels = { ...rule.labels, source };
          if (rule.kind === 'feed-delay') {
            const mean = n > 0 ? delay / n / MINUTE_MS : 0;
            add(rule, labels, n >= rule.minEvents && mean >= rule.minutes, mean, rule.minutes, { events: n });
          } else {
            const total = n + rejected;
            const rate = total > 0 ? rejected / total : 0;
            add(rule, labels, total >= rule.minEvents && rate > rule.above, rate, rule.above, { rejected, entries: total });
          }
        }
        break;
    }
  }
  return out;
}
