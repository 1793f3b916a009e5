// The dispatch policy file at the edge (backend/rules/dispatch-policy.yaml, DISPATCH_POLICY_FILE):
// read, parse as YAML, validate with the shared schema, and watch for changes, as the alert rules
// are (alerts/rulesFile.ts). A bad file never replaces a good policy: the last good one (or the
// product's default, before any file was good) stays in force, and the refusal is logged and told.
import { type Stats, readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Logger } from 'pino';
import { parse } from 'yaml';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy, parseDispatchPolicy } from '@torch/shared';

export interface PolicyStatus {
  file: string;
  loadedAt: number | null;
  /** Problems with the file as it is now; the policy in force is the last good one. */
  errors: string[] | null;
}

export type PolicyEvent = { kind: 'loaded' } | { kind: 'refused'; errors: string[] };

export function readPolicy(file: string): { ok: true; policy: DispatchPolicy } | { ok: false; errors: string[] } {
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
  return parseDispatchPolicy(doc);
}

export class PolicyFile {
  current: DispatchPolicy = DEFAULT_DISPATCH_POLICY;
  status: PolicyStatus;
  private listener: ((cur: Stats, prev: Stats) => void) | null = null;

  constructor(private readonly file: string, private readonly log: Logger, private readonly onChange: (e: PolicyEvent) => void = () => {}) {
    this.status = { file, loadedAt: null, errors: null };
    this.load();
  }

  load(): boolean {
    const r = readPolicy(this.file);
    if (!r.ok) {
      this.status = { ...this.status, errors: r.errors };
      this.log.error({ file: this.file, errors: r.errors }, 'dispatch policy refused; the previous policy stays in force');
      this.onChange({ kind: 'refused', errors: r.errors });
      return false;
    }
    this.current = r.policy;
    this.status = { file: this.file, loadedAt: Date.now(), errors: null };
    this.log.info({ file: this.file }, 'dispatch policy loaded');
    this.onChange({ kind: 'loaded' });
    return true;
  }

  /** Poll the file, like the rules file (editors that replace it, network mounts). */
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
