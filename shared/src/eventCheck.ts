// A hand-written check of a parsed JSON value against FeedEventSchema, for the gateway's hot path:
// zod walks its schema tree and allocates per field, which was 13 % of catching up. This answers
// only "valid, and here is the value zod would give" (a fresh object, unknown keys dropped, keys in
// the schema's order) or "not sure": the caller then asks zod, which also words the reason. So it
// may be stricter than zod but never looser; a property test checks it against zod both ways.
import { CHAIN_IDS } from './chains.ts';
import { type FeedEvent, FeedEventSchema, MAX_EVENT_BYTES, REGISTRY_CHANGES, TAX_TYPES, sourceOfKind, utf8Bytes } from './events.ts';
import type { Source } from './streams.ts';
import { PARK_IDS } from './parks.ts';
import { COUNTRY_CODES, PORTS, TRADE_MODES } from './trade.ts';
import { usccVerdict } from './uscc.ts';

const MIN_TS = Date.UTC(2000, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);
const HS_CHAPTER = /^(0[1-9]|[1-8]\d|9[0-7])$/;
const INDUSTRY_CODE = /^[A-T]\d{2}$/;

// Built on first use: events.ts imports this file, so its constants are not there yet at load.
let sets: Record<'park' | 'chain' | 'taxType' | 'partner' | 'tradeMode' | 'port' | 'change', ReadonlySet<string>> | null = null;
function enums() {
  return (sets ??= {
    park: new Set(PARK_IDS), chain: new Set(CHAIN_IDS), taxType: new Set(TAX_TYPES), partner: new Set(COUNTRY_CODES),
    tradeMode: new Set(TRADE_MODES), port: new Set(PORTS), change: new Set(REGISTRY_CHANGES),
  });
}

type Obj = Record<string, unknown>;

function isId(v: unknown): v is string {
  if (typeof v !== 'string' || v.length < 1 || v.length > 80) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // A-Z a-z 0-9 . _ : -
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 58) || c === 46 || c === 95 || c === 45)) return false;
  }
  return true;
}
/** zod's int() is a safe integer; within these bounds every integer is safe. */
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isName = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 100;
const inSet = (v: unknown, set: ReadonlySet<string>): v is string => typeof v === 'string' && set.has(v);

/** The fields every kind has, or false. */
function baseOk(o: Obj): boolean {
  return isId(o.id) && isInt(o.ts, MIN_TS, MAX_TS) && inSet(o.parkId, enums().park) && typeof o.uscc === 'string' && usccVerdict(o.uscc) === null && isName(o.name)
    && (o.rehearsal === undefined ? !('rehearsal' in o) : o.rehearsal === true);
}

/** The event zod would return for `json`, or null when this check cannot vouch for it (ask zod). */
export function checkFeedEvent(json: unknown): FeedEvent | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const o = json as Obj;
  if (!baseOk(o)) return null;
  const e = enums();
  const id = o.id as string, ts = o.ts as number, parkId = o.parkId as FeedEvent['parkId'], uscc = o.uscc as string, name = o.name as string;
  const r = o.rehearsal === true;
  switch (o.kind) {
    case 'tax.invoice':
      if (!isInt(o.amount, 1, 1e13) || !inSet(o.chain, e.chain)) return null;
      return r
        ? { id, ts, parkId, uscc, name, rehearsal: true, kind: o.kind, amount: o.amount, chain: o.chain as never }
        : { id, ts, parkId, uscc, name, kind: o.kind, amount: o.amount, chain: o.chain as never };
    case 'tax.receipt':
      if (!inSet(o.taxType, e.taxType) || !isInt(o.amount, 1, 1e13)) return null;
      return r
        ? { id, ts, parkId, uscc, name, rehearsal: true, kind: o.kind, taxType: o.taxType as never, amount: o.amount }
        : { id, ts, parkId, uscc, name, kind: o.kind, taxType: o.taxType as never, amount: o.amount };
    case 'customs.declaration': {
      const { direction, valueUsd, hsChapter, partner, tradeMode, port } = o;
      if ((direction !== 'import' && direction !== 'export') || !isInt(valueUsd, 1, 1e13) || typeof hsChapter !== 'string' || !HS_CHAPTER.test(hsChapter)
        || !inSet(partner, e.partner) || !inSet(tradeMode, e.tradeMode) || !inSet(port, e.port)) return null;
      return r
        ? { id, ts, parkId, uscc, name, rehearsal: true, kind: o.kind, direction, valueUsd, hsChapter, partner, tradeMode: tradeMode as never, port: port as never }
        : { id, ts, parkId, uscc, name, kind: o.kind, direction, valueUsd, hsChapter, partner, tradeMode: tradeMode as never, port: port as never };
    }
    case 'registry.established':
    case 'registry.deregistered':
    case 'registry.changed': {
      const { chain, industryCode, capital, foreign, kind } = o;
      if (!inSet(chain, e.chain) || typeof industryCode !== 'string' || !INDUSTRY_CODE.test(industryCode) || !isInt(capital, 0, 1e13) || typeof foreign !== 'boolean') return null;
      const reg = r
        ? { id, ts, parkId, uscc, name, rehearsal: true as const, chain: chain as never, industryCode, capital, foreign }
        : { id, ts, parkId, uscc, name, chain: chain as never, industryCode, capital, foreign };
      if (kind !== 'registry.changed') return { ...reg, kind };
      if (!inSet(o.change, e.change)) return null;
      if (o.capitalDelta === undefined) return 'capitalDelta' in o ? null : { ...reg, kind, change: o.change as never };
      if (!isInt(o.capitalDelta, -1e13, 1e13)) return null;
      return { ...reg, kind, change: o.change as never, capitalDelta: o.capitalDelta };
    }
    default:
      return null;
  }
}

// The whole check of one stream entry lives here, beside its fast path, so that events.ts (the
// schemas) does not import this file back.
export type ParseResult = { ok: true; event: FeedEvent } | { ok: false; reason: string };

/**
 * Validate one stream entry's payload as read from `source`'s stream: size, JSON, schema, and
 * that the kind belongs to that stream. The reason is short and names the offending field.
 */
export function parseFeedEvent(source: Source, raw: string | undefined): ParseResult {
  if (raw === undefined) return { ok: false, reason: 'entry has no event field' };
  // UTF-8 takes at least one byte per UTF-16 unit and at most three: a text this long is over the
  // limit without counting, one this short under it (most events: no count on the hot path).
  const bytes = raw.length > MAX_EVENT_BYTES ? null : raw.length * 3 <= MAX_EVENT_BYTES ? raw.length : utf8Bytes(raw);
  if (bytes === null || bytes > MAX_EVENT_BYTES) return { ok: false, reason: `event is ${bytes ?? utf8Bytes(raw)} bytes, limit ${MAX_EVENT_BYTES}` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'event is not valid JSON' };
  }
  // The hand-written check first; zod only for what it cannot vouch for (and to word the reason).
  const fast = checkFeedEvent(json);
  const parsed = fast ? { success: true as const, data: fast } : FeedEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : 'event';
    return { ok: false, reason: `${path}: ${issue?.message ?? 'invalid'}` };
  }
  if (sourceOfKind(parsed.data.kind) !== source) {
    return { ok: false, reason: `kind ${parsed.data.kind} does not belong to the ${source} stream` };
  }
  return { ok: true, event: parsed.data };
}
