// Cases (工单) and the units directory in Redis, under the gateway's key prefix, shared by every
// gateway on the same Redis:
//   dispatch:cases        hash  case id → case JSON
//   dispatch:versions     hash  case id → version (what the compare-and-set compares)
//   dispatch:index        zset  case id by the instant of its last change
//   dispatch:open:<unit>  hash  the unit's open cases (used as a set: the embedded store has no sets)
//   dispatch:open-all     hash  every open case (used as a set)
//   dispatch:alert-case   hash  alert id → case id (the alert record itself is not touched)
//   dispatch:seq          INCR  case ids C-1, C-2, …
//   dispatch:units        hash  unit id → unit JSON, seeded from SEED_UNITS on first start
// Every write of a case is one Lua script (below): the version check, the audit entry on the
// alerts' audit trail (written first; when it cannot be written nothing changes), the record, the
// index, the open sets and the alert links: `dispatchCas` in the script registry
// (backend/src/scripts), with its TypeScript twin for the embedded store.
import type { Redis } from 'ioredis';
import { type Case, type Unit, SEED_UNITS, UnitSchema, isCaseOpen, parseUnits } from '@torch/shared';
import { AuditUnavailableError, type AuditDraft, type AuditFailureHandler, alertKeys } from '../alerts/store.ts';
import { runScript } from '../scripts/index.ts';


export interface DispatchKeys {
  cases: string;
  versions: string;
  index: string;
  openPrefix: string;
  /** Every open case (a hash used as a set): whether an alert's case is still open, in the script. */
  openAll: string;
  alertCase: string;
  seq: string;
  units: string;
  audit: string;
}

export function dispatchKeys(prefix: string): DispatchKeys {
  const b = `${prefix}dispatch:`;
  return {
    cases: `${b}cases`, versions: `${b}versions`, index: `${b}index`, openPrefix: `${b}open:`, openAll: `${b}open-all`, alertCase: `${b}alert-case`, seq: `${b}seq`, units: `${b}units`,
    audit: alertKeys(prefix).audit,
  };
}

export type WriteResult =
  | { ok: true; case: Case }
  | { ok: false; reason: 'conflict'; current: Case | null }
  /** A new case named an alert whose case is still open. */
  | { ok: false; reason: 'linked'; caseId: string };

export class DispatchStore {
  readonly keys: DispatchKeys;
  private readonly r: Redis;

  constructor(redis: Redis, prefix: string, private readonly onAuditFailure: AuditFailureHandler) {
    this.keys = dispatchKeys(prefix);
    this.r = redis;
  }

  // ---- units ----

  /** Seed the directory on the very first start (any later change is the admins'). */
  async seedUnits(): Promise<boolean> {
    if ((await this.r.exists(this.keys.units)) === 1) return false;
    const flat = SEED_UNITS.flatMap((u) => [u.id, JSON.stringify(u)]);
    // HSETNX one by one would interleave with another gateway seeding; one HSET is all or nothing.
    await this.r.hset(this.keys.units, ...flat);
    return true;
  }

  async units(): Promise<Unit[]> {
    const rows = await this.r.hvals(this.keys.units);
    return rows.map((x) => UnitSchema.parse(JSON.parse(x))).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Replace or add a unit; the whole directory must stay valid (one office per park…). Errors, or null when written. */
  async putUnit(unit: Unit, audit: AuditDraft): Promise<string[] | null> {
    const others = (await this.units()).filter((u) => u.id !== unit.id);
    const r = parseUnits([...others, unit]);
    if (!r.ok) return r.errors;
    await this.auditRequired(audit);
    await this.r.hset(this.keys.units, unit.id, JSON.stringify(unit));
    return null;
  }

  // ---- cases ----

  async nextId(): Promise<string> {
    return `C-${await this.r.incr(this.keys.seq)}`;
  }

  async get(id: string): Promise<Case | null> {
    const json = await this.r.hget(this.keys.cases, id);
    return json ? (JSON.parse(json) as Case) : null;
  }

  async many(ids: string[]): Promise<Case[]> {
    if (ids.length === 0) return [];
    const rows = await this.r.hmget(this.keys.cases, ...ids);
    return rows.filter((x): x is string => x !== null).map((x) => JSON.parse(x) as Case);
  }

  /** Most recently changed first; at most `limit` (the index is scanned from the newest). */
  async list(limit = 5000): Promise<Case[]> {
    const ids = await this.r.zrevrange(this.keys.index, 0, limit - 1);
    return this.many(ids);
  }

  async openOfUnit(unitId: string): Promise<Case[]> {
    return this.many(await this.r.hkeys(this.keys.openPrefix + unitId));
  }

  /** Alert id → case id, for these alerts (those without a case are left out). */
  async casesOfAlerts(alertIds: string[]): Promise<Record<string, string>> {
    if (alertIds.length === 0) return {};
    const rows = await this.r.hmget(this.keys.alertCase, ...alertIds);
    const out: Record<string, string> = {};
    alertIds.forEach((a, i) => {
      if (rows[i]) out[a] = rows[i]!;
    });
    return out;
  }

  /**
   * Write `next` if the case is still at `expected` (0 for a new case), with its audit entry.
   * A conflict answers the case as it is now. Throws AuditUnavailableError when the entry could
   * not be written (nothing changed).
   */
  async write(next: Case, expected: number, previousUnit: string | null, audit: AuditDraft): Promise<WriteResult> {
    const k = this.keys;
    const links = expected === 0 ? next.alertIds : [];
    const [version, auditError] = (await runScript(
      this.r, 'dispatchCas',
      [k.cases, k.versions, k.index, k.openPrefix + (previousUnit ?? next.unitId), k.openPrefix + next.unitId, k.alertCase, k.audit, k.openAll],
      [next.id, expected, JSON.stringify(next), audit.at, isCaseOpen(next) ? '1' : '0', links.length, ...links,
        'action', audit.action, 'by', audit.by, 'target', audit.target, 'comment', audit.comment, 'at', String(audit.at)],
    )) as [number, string];
    if (version === 0) {
      this.onAuditFailure(audit, auditError);
      throw new AuditUnavailableError(audit, auditError);
    }
    if (version < 0 && auditError.startsWith('linked:')) return { ok: false, reason: 'linked', caseId: auditError.slice('linked:'.length) };
    if (version < 0) return { ok: false, reason: 'conflict', current: await this.get(next.id) };
    return { ok: true, case: next };
  }

  private async auditRequired(e: AuditDraft): Promise<void> {
    try {
      await this.r.xadd(this.keys.audit, '*', 'action', e.action, 'by', e.by, 'target', e.target, 'comment', e.comment, 'at', String(e.at));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.onAuditFailure(e, reason);
      throw new AuditUnavailableError(e, reason);
    }
  }
}
