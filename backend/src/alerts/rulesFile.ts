// The rules file at the edge: read, parse (YAML, so people can comment their thresholds), validate
// with the shared schemas, and watch for changes. A bad file never replaces a good rule set.
import { type Stats, readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Logger } from 'pino';
import { parse } from 'yaml';
import { type RuleSet, parseRuleSet } from '@torch/shared';

export interface RulesStatus {
  file: string;
  loadedAt: number | null;
  rules: number;
  /** Problems with the file as it is now; the rule set in force is the last good one. */
  errors: string[] | null;
}

export type RulesEvent = { kind: 'loaded'; count: number } | { kind: 'refused'; errors: string[] };

export function readRules(file: string): { ok: true; ruleSet: RuleSet } | { ok: false; errors: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, errors: [`cannot read ${file}: ${(e as Error).message}`] };
  }
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, errors: [`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
  return parseRuleSet(doc);
}

export class RulesFile {
  current: RuleSet = { rules: [] };
  status: RulesStatus;

  constructor(private readonly file: string, private readonly log: Logger, private readonly onChange: (e: RulesEvent) => void = () => {}) {
    this.status = { file, loadedAt: null, rules: 0, errors: null };
    this.load();
  }

  load(): boolean {
    const r = readRules(this.file);
    if (!r.ok) {
      this.status = { ...this.status, errors: r.errors };
      this.log.error({ file: this.file, errors: r.errors }, 'alert rules refused; the previous rules stay in force');
      this.onChange({ kind: 'refused', errors: r.errors });
      return false;
    }
    this.current = r.ruleSet;
    this.status = { file: this.file, loadedAt: Date.now(), rules: r.ruleSet.rules.length, errors: null };
    this.log.info({ file: this.file, rules: r.ruleSet.rules.length }, 'alert rules loaded');
    this.onChange({ kind: 'loaded', count: r.ruleSet.rules.length });
    return true;
  }

  /** Poll the file (survives editors that replace it, and network mounts where fs.watch is blind). */
  private listener: ((cur: Stats, prev: Stats) => void) | null = null;
  watch(intervalMs = 1000): void {
    this.listener = (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size) this.load();
    };
    watchFile(this.file, { interval: intervalMs }, this.listener);
  }

  close(): void {
    if (this.listener) unwatchFile(this.file, this.listener);
    this.listener = null;
  }
}
