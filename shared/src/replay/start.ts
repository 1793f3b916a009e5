// The state a replay starts from, built exactly: whole days long before the start come from the
// live aggregates (the log may no longer hold them, and reducing years of events per seek would be
// slow), the days just before it are reduced again from the log, and the alerts that were open at
// the start come from the alert store (what live really did). See backend/src/replay/build.ts.
//
// Why the seam is exact: an event more than RAW_DAYS older than its arrival is refused by the live
// reducer as too late (its duplicate-detection horizon is 48 h, pruned every 256 events of a source,
// so a sparse source's horizon can lag by a day or two more), so days before the seam hold only
// events that arrived before the replay starts, whatever time "now" is.
import type { AlertRecord } from '../alerts/lifecycle.ts';
import type { EngineState } from '../alerts/state.ts';
import type { RuleSet } from '../alerts/rules.ts';
import type { MetricsState } from '../metrics/state.ts';
import { createState } from '../metrics/state.ts';
import { DAY_MS, MINUTE_MS, dayNumber } from '../time.ts';

/** Days before the start that are reduced again from the log. */
export const RAW_DAYS = 7;

/** The first day reduced from the log for a replay starting at `at`; earlier days are copied. */
export function seamDay(at: number): number {
  return dayNumber(at) - RAW_DAYS;
}

/** A fresh state holding copies of the live state's days before `seam`. */
export function seedState(live: MetricsState, seam: number): MetricsState {
  const s = createState(live.limits);
  for (const [day, b] of live.days) {
    if (day >= seam) continue;
    s.days.set(day, { day, totals: b.totals.slice(), hours: b.hours ? b.hours.slice() : null });
    if (s.newestDay === null || day > s.newestDay) s.newestDay = day;
  }
  return s;
}

/**
 * How long before the start the alert engine must already evaluate so that every condition
 * pending at the start is pending since the same instant as live: a day, plus the longest
 * for-duration of the rules.
 */
export function evaluationLeadMs(rules: RuleSet): number {
  const longestFor = Math.max(0, ...rules.rules.map((r) => r.for));
  return DAY_MS + longestFor * MINUTE_MS;
}

/**
 * At the start instant, make the engine's fired alerts those the store says were open then
 * (with live's since and firedAt), so that resolutions during the replay name the same occurrence.
 * Conditions still pending (not yet fired) are kept as the lead-in evaluation left them.
 */
export function seedOpenAlerts(engine: EngineState, open: readonly AlertRecord[], rules: RuleSet, at: number): void {
  const ruleIds = new Set(rules.rules.filter((r) => r.enabled).map((r) => r.id));
  for (const [fp, a] of engine.active) if (a.firedAt !== null) engine.active.delete(fp);
  for (const rec of open) {
    // A transition stamped exactly `at` is made by the first entry at or after it: not yet.
    if (rec.firedAt >= at || (rec.resolvedAt !== null && rec.resolvedAt < at) || !ruleIds.has(rec.rule.id)) continue;
    engine.active.set(rec.fingerprint, { ruleId: rec.rule.id, since: rec.since, firedAt: rec.firedAt, value: rec.value });
  }
}
