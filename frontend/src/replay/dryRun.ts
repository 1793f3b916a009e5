// "What would have fired": the dry run's answer read for the panel. Pure, apart from turning the
// rules in force back into YAML (the `yaml` package, loaded only when asked for).
import type { AlertTransition, Rule } from '@torch/shared';

export type DraftFire = Extract<AlertTransition, { type: 'fire' }>;

export interface DraftAlert {
  fire: DraftFire;
  /** When the draft would have resolved it within the range; null: still firing at the end. */
  resolvedAt: number | null;
}

export interface DraftRuleCount {
  id: string;
  name: { zh: string; en: string };
  severity: DraftFire['rule']['severity'];
  fired: number;
}

export interface DraftSummary {
  /** Every alert the draft would have raised in the range, oldest first. */
  alerts: DraftAlert[];
  /** How many of them it would have resolved before the range ended. */
  resolved: number;
  /** Per rule, most first. */
  byRule: DraftRuleCount[];
}

/**
 * The fires with their resolutions. A resolve of something raised before the range (the engine is
 * rebuilt at its start) has no fire here and is left out: the panel lists what fired in the range.
 */
export function summarise(transitions: readonly AlertTransition[]): DraftSummary {
  const byId = new Map<string, DraftAlert>();
  const rules = new Map<string, DraftRuleCount>();
  for (const t of transitions) {
    if (t.type === 'fire') {
      byId.set(t.id, { fire: t, resolvedAt: null });
      const r = rules.get(t.rule.id) ?? { id: t.rule.id, name: t.rule.name, severity: t.rule.severity, fired: 0 };
      r.fired++;
      rules.set(t.rule.id, r);
    } else {
      const a = byId.get(t.id);
      if (a && a.resolvedAt === null) a.resolvedAt = t.at;
    }
  }
  const alerts = [...byId.values()].sort((a, b) => a.fire.at - b.fire.at || a.fire.id.localeCompare(b.fire.id));
  return {
    alerts,
    resolved: alerts.filter((a) => a.resolvedAt !== null).length,
    byRule: [...rules.values()].sort((a, b) => b.fired - a.fired || a.id.localeCompare(b.id)),
  };
}

/**
 * A refused draft's message ("rules: rule "a" (#1): above: …; rule #3: kind: …") as one line per
 * problem, without the leading field name the whole body shares.
 */
export function draftProblems(message: string): string[] {
  const body = message.replace(/^rules:\s*/, '');
  return body.split(/;\s+(?=rule\s)/).map((s) => s.trim()).filter(Boolean);
}

/** The rule ids a refused draft's message names, to point at them in the text. */
export function namedRules(message: string): string[] {
  return [...new Set([...message.matchAll(/rule "([^"]+)"/g)].map((m) => m[1]!))];
}

/** Where a rule's `id:` line starts in the draft text, or -1. */
export function ruleOffset(draft: string, id: string): number {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^[ \\t-]*["']?id["']?\\s*:\\s*["']?${escaped}["']?\\s*,?\\s*(#.*)?$`, 'm').exec(draft);
  return m ? m.index : -1;
}

/** The rules in force as a rule file, the same shape as backend/rules/alert-rules.yaml. */
export async function rulesFileText(rules: readonly Rule[]): Promise<string> {
  const doc = { version: 1, rules };
  try {
    const { stringify } = await import('yaml');
    return stringify(doc, { lineWidth: 0 });
  } catch (e) {
    // The YAML writer is loaded on demand and may fail to load (a dropped connection, a redeploy).
    // YAML is a superset of JSON: the gateway reads this as well.
    console.warn('dry run: could not load the YAML writer; giving the rules as JSON', e);
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
}
