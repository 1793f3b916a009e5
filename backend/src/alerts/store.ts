// Alert records, silences and the audit trail, shared by every gateway on the same Redis. Every
// write is a compare-and-set on the record's version (one Lua script), so two gateways applying the
// same engine transition write it once, and two officials acknowledging at once get one success and
// one conflict. The audit stream is only ever appended to (XADD, never trimmed or rewritten).
//
// When the audit entry cannot be written (the script writes it first), what people do is refused
// and left undone: an acknowledgement or a silence nobody can account for is worse than a clear
// "try again". What the engine records (fire, resolve) is kept: alerting must not stop because its
// paper trail is broken. Either way the failure is reported (onAuditFailure: logged and counted).
import type { Redis } from 'ioredis';
import { defineScripts } from '../scripts/index.ts';
import {
  type AckRequest, type AckResult, type AlertQuery, type AlertRecord, type AlertTransition, type AuditEntry, type Silence,
  type SilenceRequest, ackRecord, matchesQuery, recordOfFire, resolveRecord, toShanghaiIso,
} from '@torch/shared';

// The compare-and-set script with its audit entry: SCRIPTS.alertCas in scripts/index.ts.
type WithCas = Redis & {
  alertCas(records: string, versions: string, index: string, open: string, audit: string, ...argv: (string | number)[]): Promise<[number, string]>;
};

export type AuditDraft = Omit<AuditEntry, 'id'>;

/** Told of every audit entry that could not be written, with Redis's reason. */
export type AuditFailureHandler = (entry: AuditDraft, err: string) => void;

/** A person's action refused because its audit entry could not be written; nothing was changed. */
export class AuditUnavailableError extends Error {
  constructor(readonly entry: AuditDraft, readonly reason: string) {
    super(`the audit trail cannot be written (${reason}); ${entry.action} of ${entry.target} was not recorded`);
    this.name = 'AuditUnavailableError';
  }
}

export interface AlertKeys {
  records: string;
  versions: string;
  index: string;
  open: string;
  audit: string;
  silences: string;
  silenceVersions: string;
  silenceIndex: string;
  silenceActive: string;
  epoch: string;
  channel: string;
}

export function alertKeys(prefix: string): AlertKeys {
  const b = `${prefix}alerts:`;
  return {
    records: `${b}records`, versions: `${b}versions`, index: `${b}index`, open: `${b}open`, audit: `${b}audit`,
    silences: `${b}silences`, silenceVersions: `${b}silence-versions`, silenceIndex: `${b}silence-index`, silenceActive: `${b}silence-active`,
    epoch: `${b}epoch`, channel: `${b}changed`,
  };
}

export type Applied = { record: AlertRecord; transition: AlertTransition };

export class AlertStore {
  readonly keys: AlertKeys;
  private readonly r: WithCas;

  constructor(redis: Redis, prefix: string, private readonly onAuditFailure: AuditFailureHandler) {
    this.keys = alertKeys(prefix);
    this.r = redis as WithCas;
    defineScripts(redis);
  }

  /** When alerting was first switched on for this deployment: the first gateway sets it, the rest read it. */
  async epoch(now: number): Promise<number> {
    await this.r.set(this.keys.epoch, String(Math.floor(now / 60_000) * 60_000), 'NX');
    return Number(await this.r.get(this.keys.epoch));
  }

  /**
   * Write a record if its version is still `expected`, with its audit entry: the new version, or
   * ≤ -1 on a conflict. People's actions (audit 'required') throw AuditUnavailableError when the
   * entry cannot be written, and nothing changes; the engine's ('kept') are written anyway.
   */
  private async cas(id: string, expected: number, json: string, score: number | '', open: '1' | '0' | '', audit: AuditDraft, mode: 'required' | 'kept', kind: 'alert' | 'silence' = 'alert'): Promise<number> {
    const k = this.keys;
    const argv = [id, expected, json, score, open, mode, 'action', audit.action, 'by', audit.by, 'target', audit.target, 'comment', audit.comment, 'at', String(audit.at)];
    const [version, auditError] = kind === 'alert'
      ? await this.r.alertCas(k.records, k.versions, k.index, k.open, k.audit, ...argv)
      : await this.r.alertCas(k.silences, k.silenceVersions, k.silenceIndex, k.silenceActive, k.audit, ...argv);
    if (auditError) {
      this.onAuditFailure(audit, auditError);
      if (version === 0) throw new AuditUnavailableError(audit, auditError);
    }
    return version;
  }

  /**
   * Apply one engine transition; idempotent. Returns the record when this call wrote it (so exactly
   * one gateway notifies about it), null when it was already applied.
   */
  async apply(t: AlertTransition, by: string): Promise<AlertRecord | null> {
    if (t.type === 'fire') {
      const record = recordOfFire(t);
      const v = await this.cas(t.id, 0, JSON.stringify(record), t.at, '1', { at: t.at, action: 'fire', by, target: t.id, comment: `${t.value} / ${t.threshold}` }, 'kept');
      return v > 0 ? record : null;
    }
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.get(t.id);
      if (!current) return null; // fired before this store existed (e.g. wiped): nothing to resolve
      const next = resolveRecord(current, t);
      if (!next) return null;
      const v = await this.cas(t.id, current.version, JSON.stringify(next), '', '0', { at: t.at, action: 'resolve', by, target: t.id, comment: t.value === null ? 'rule removed or no longer evaluable' : String(t.value) }, 'kept');
      if (v > 0) return next;
    }
    throw new Error(`could not resolve ${t.id}: its record keeps changing`);
  }

  async get(id: string): Promise<AlertRecord | null> {
    const json = await this.r.hget(this.keys.records, id);
    return json ? (JSON.parse(json) as AlertRecord) : null;
  }

  private async many(ids: string[]): Promise<AlertRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.r.hmget(this.keys.records, ...ids);
    return rows.filter((x): x is string => x !== null).map((x) => JSON.parse(x) as AlertRecord);
  }

  async open(): Promise<AlertRecord[]> {
    return (await this.many(await this.r.hkeys(this.keys.open))).sort((a, b) => b.firedAt - a.firedAt);
  }

  /** Newest first, filtered; scans at most the newest 20 000 in the time range. */
  async list(q: AlertQuery): Promise<AlertRecord[]> {
    const out: AlertRecord[] = [];
    const max = q.to === undefined ? '+inf' : `(${q.to}`;
    const min = q.from === undefined ? '-inf' : String(q.from);
    for (let offset = 0; out.length < q.limit && offset < 20_000; offset += 500) {
      const ids = await this.r.zrevrangebyscore(this.keys.index, max, min, 'LIMIT', offset, 500);
      for (const a of await this.many(ids)) if (matchesQuery(a, q)) out.push(a);
      if (ids.length < 500) break;
    }
    return out.slice(0, q.limit);
  }

  /** `role`: the acknowledger's, kept on the record for walls, which are shown the role and not the name. */
  async ack(id: string, req: AckRequest, by: string, now: number, role?: string): Promise<AckResult | null> {
    const current = await this.get(id);
    if (!current) return null;
    const result = ackRecord(current, req, by, now, role);
    if (!result.ok) return result;
    const v = await this.cas(id, current.version, JSON.stringify(result.record), '', '', { at: now, action: 'ack', by, target: id, comment: req.comment }, 'required');
    if (v > 0) return result;
    return { ok: false, code: 'conflict', message: 'someone else changed this alert first; reload and try again' };
  }

  /** Append an entry on its own (refusals, rules loaded). False when it could not be written: reported, not thrown. */
  async audit(e: AuditDraft): Promise<boolean> {
    try {
      await this.r.xadd(this.keys.audit, '*', 'action', e.action, 'by', e.by, 'target', e.target, 'comment', e.comment, 'at', String(e.at), ...(e.count !== undefined ? ['count', String(e.count)] : []));
      return true;
    } catch (err) {
      this.onAuditFailure(e, err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  /** Newest first; with a target, only entries about it (scans the newest 5 000). */
  async auditLog(limit: number, target?: string, before?: string): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    let end = before ? `(${before}` : '+';
    for (let rounds = 0; out.length < limit && rounds < 10; rounds++) {
      const page = await this.r.xrevrange(this.keys.audit, end, '-', 'COUNT', 500);
      for (const [id, flat] of page) {
        const f: Record<string, string> = {};
        for (let i = 0; i < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
        if (target && f.target !== target) continue;
        out.push({ id, at: Number(f.at), action: f.action ?? '', by: f.by ?? '', target: f.target ?? '', comment: f.comment ?? '', ...(f.count ? { count: Number(f.count) } : {}) });
        if (out.length === limit) break;
      }
      if (page.length < 500) break;
      end = `(${page[page.length - 1]![0]}`;
    }
    return out;
  }

  // ---- silences ----

  /** Silences that ended less than 30 days ago or not yet; older ones are removed (the audit keeps them). */
  async silences(now = Date.now()): Promise<Silence[]> {
    const all = (await this.r.hvals(this.keys.silences)).map((x) => JSON.parse(x) as Silence);
    const old = all.filter((s) => s.endsAt < now - 30 * 86_400_000);
    if (old.length > 0) {
      const ids = old.map((s) => s.id);
      await this.r.multi().hdel(this.keys.silences, ...ids).hdel(this.keys.silenceVersions, ...ids).zrem(this.keys.silenceIndex, ...ids).hdel(this.keys.silenceActive, ...ids).exec();
    }
    return all.filter((s) => !old.includes(s)).sort((a, b) => b.createdAt - a.createdAt);
  }

  async createSilence(req: SilenceRequest, by: string, now: number, id: string): Promise<Silence> {
    const s: Silence = { id, matchers: req.matchers, startsAt: req.startsAt ?? now, endsAt: req.endsAt, comment: req.comment, createdBy: by, createdAt: now, expiredBy: null, version: 1 };
    await this.cas(id, 0, JSON.stringify(s), s.endsAt, '1', { at: now, action: 'silence', by, target: id, comment: `${JSON.stringify(req.matchers)} until ${toShanghaiIso(s.endsAt)}: ${req.comment}` }, 'required', 'silence');
    return s;
  }

  async expireSilence(id: string, by: string, now: number): Promise<Silence | null | 'conflict'> {
    const json = await this.r.hget(this.keys.silences, id);
    if (!json) return null;
    const s = JSON.parse(json) as Silence;
    const next: Silence = { ...s, expiredBy: by, endsAt: Math.min(s.endsAt, now), version: s.version + 1 };
    const v = await this.cas(id, s.version, JSON.stringify(next), next.endsAt, '0', { at: now, action: 'silence-expire', by, target: id, comment: '' }, 'required', 'silence');
    return v > 0 ? next : 'conflict';
  }

  /** Tell every gateway (and so every wall and console) that these alerts changed. */
  async publish(ids: string[]): Promise<void> {
    await this.r.publish(this.keys.channel, JSON.stringify(ids));
  }
}
