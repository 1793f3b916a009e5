// The price of a dry run, known before it evaluates anything: alert conditions (a rule for each
// park stands for seven, one for each source three) × minutes the engine evaluates (the range plus
// the lead-in it needs: a day and the longest for-duration). Evaluation time grows with both.
import { type Rule, type RuleSet, evaluationLeadMs, scopeParks, scopeSources } from '@torch/shared';

const MINUTE_MS = 60_000;

function conditionsOf(r: Rule): number {
  if ('scope' in r) return scopeParks(r.scope).length;
  if ('source' in r) return scopeSources(r.source).length;
  return 1;
}

export interface DryRunPrice {
  conditions: number;
  minutes: number;
  cost: number;
}

export function dryRunPrice(rules: RuleSet, from: number, to: number): DryRunPrice {
  const conditions = rules.rules.filter((r) => r.enabled).reduce((n, r) => n + conditionsOf(r), 0);
  const minutes = Math.ceil((to - from + evaluationLeadMs(rules)) / MINUTE_MS);
  return { conditions, minutes, cost: conditions * minutes };
}

export function priceMessage(p: DryRunPrice, limit: number): string {
  return `rules: too large a dry run: ${p.conditions} conditions (rules × parks or sources) × ${p.minutes} minutes (the range and a day of lead-in) = ${p.cost}; the limit is ${limit}. Use fewer rules or parks, or a shorter range.`;
}
