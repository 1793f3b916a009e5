// Fault switches for demos and tests. A fault is `kind:target[:key=value,…]`, e.g.
//   silence:customs:at=2m,for=10m      no customs events for ten minutes, two minutes in
//   spike:registry.deregistered:factor=8,for=1h
//   drop:tax.invoice:factor=0.3,at=30m,for=15m
//   duplicate:all:rate=0.02             2% of entries written twice (same id, same payload)
//   out-of-order:tax:rate=0.05,skew=5m  5% of events arrive up to 5 minutes late
//   malformed:all:rate=0.01             1% extra entries that must be dead-lettered downstream
//   large:customs.declaration:rate=0.5,value=25000000,for=5m   half the declarations become USD 25 million
// `at` and `for` are simulated time from the start of the run; without `for` a fault lasts the run.
// Intensity faults change how many events are generated; entry faults change what is written.
import { z } from 'zod';
import { EVENT_KINDS, type EventKind, type FeedEvent, SOURCES, type Source, sourceOfKind } from '@torch/shared';
import { hashInts, hashString, makeRandom } from './random.ts';
import type { IntensityFn } from './generate.ts';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration (use e.g. 500ms, 30s, 5m, 2h, 1d)`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const Duration = z.string().transform((s, ctx) => {
  try {
    return parseDuration(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});
const Target = z.enum(['all', ...SOURCES, ...EVENT_KINDS]);
const Window = { target: Target, at: Duration.default(0), for: Duration.optional() };
const Rate = z.coerce.number().gt(0).max(1);

export const FaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('silence'), ...Window }).strict(),
  z.object({ kind: z.literal('spike'), ...Window, factor: z.coerce.number().gt(1).max(1000).default(5) }).strict(),
  z.object({ kind: z.literal('drop'), ...Window, factor: z.coerce.number().min(0).lt(1).default(0.3) }).strict(),
  z.object({ kind: z.literal('duplicate'), ...Window, rate: Rate.default(0.02) }).strict(),
  z.object({ kind: z.literal('out-of-order'), ...Window, rate: Rate.default(0.05), skew: Duration.default(5 * 60_000) }).strict(),
  z.object({ kind: z.literal('malformed'), ...Window, rate: Rate.default(0.01) }).strict(),
  z.object({ kind: z.literal('large'), ...Window, rate: Rate.default(1), value: z.coerce.number().int().positive().max(1e12).default(25_000_000) }).strict(),
]);
export type Fault = z.infer<typeof FaultSchema>;
export type FaultTarget = z.infer<typeof Target>;

/** Parse `kind:target[:key=value,…]`; throws an Error naming what is wrong. */
export function parseFault(spec: string): Fault {
  const [kind, target, params, ...rest] = spec.split(':');
  if (!kind || !target || rest.length > 0) {
    throw new Error(`fault "${spec}": expected kind:target[:key=value,…], e.g. silence:customs:for=10m`);
  }
  const fields: Record<string, string> = { kind, target };
  for (const pair of params ? params.split(',') : []) {
    const [k, v] = pair.split('=');
    if (!k || v === undefined) throw new Error(`fault "${spec}": "${pair}" is not key=value`);
    fields[k] = v;
  }
  const parsed = FaultSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`fault "${spec}": ${issue.path.join('.') || 'spec'}: ${issue.message}`);
  }
  return parsed.data;
}

function hits(target: FaultTarget, kind: EventKind): boolean {
  return target === 'all' || target === kind || target === sourceOfKind(kind);
}

function active(f: Fault, runStart: number, ts: number): boolean {
  const from = runStart + f.at;
  return ts >= from && (f.for === undefined || ts < from + f.for);
}

/** The generator's intensity multiplier from silence, spike and drop faults. */
export function intensityOf(faults: readonly Fault[], runStart: number): IntensityFn | undefined {
  const relevant = faults.filter((f) => f.kind === 'silence' || f.kind === 'spike' || f.kind === 'drop');
  if (relevant.length === 0) return undefined;
  return (kind, ts) => {
    let m = 1;
    for (const f of relevant) {
      if (!hits(f.target, kind) || !active(f, runStart, ts)) continue;
      m *= f.kind === 'silence' ? 0 : f.factor;
    }
    return m;
  };
}

/** One stream entry to write. `arrival` orders entries and, in a backfill, becomes the entry id. */
export interface Outgoing {
  source: Source;
  /** The `e` field; undefined writes an entry without it (a malformed variant). */
  payload: string | undefined;
  arrival: number;
  /** What a fault did to this entry, if anything. */
  fault?: 'duplicate' | 'late' | 'large' | `malformed:${MalformedVariant}`;
}

export const MALFORMED_VARIANTS = ['bad-json', 'missing-field', 'wrong-type', 'invalid-uscc', 'oversized', 'unknown-kind', 'no-event-field', 'wrong-stream'] as const;
export type MalformedVariant = (typeof MALFORMED_VARIANTS)[number];

function malformed(event: FeedEvent, variant: MalformedVariant): string | undefined {
  const bad: Record<string, unknown> = { ...event, id: `${event.id}-bad` };
  switch (variant) {
    case 'bad-json':
      return JSON.stringify(bad).slice(0, -7);
    case 'missing-field':
      delete bad.uscc;
      break;
    case 'wrong-type':
      bad.ts = new Date(event.ts).toISOString();
      break;
    case 'invalid-uscc': {
      // Change the check character: always invalid (GB 32100 detects any single substitution).
      const last = event.uscc.at(-1);
      bad.uscc = event.uscc.slice(0, 17) + (last === '0' ? '1' : '0');
      break;
    }
    case 'oversized':
      bad.name = '超长'.repeat(4000);
      break;
    case 'unknown-kind':
      bad.kind = 'tax.refund';
      break;
    case 'no-event-field':
      return undefined;
    case 'wrong-stream':
      bad.kind = event.kind.startsWith('customs') ? 'tax.invoice' : 'customs.declaration';
      break;
  }
  return JSON.stringify(bad);
}

/** The entries one generated event becomes under the entry faults (duplicate, late, malformed). */
export function entriesFor(event: FeedEvent, faults: readonly Fault[], runStart: number, seed: number): Outgoing[] {
  const source = sourceOfKind(event.kind);
  const arrival = event.ts;
  if (faults.length === 0) return [{ source, payload: JSON.stringify(event), arrival }];
  const r = makeRandom(hashInts(seed, hashString(event.id), 0xfa17));
  let e = event;
  let late = false;
  let large = false;
  const extra: Outgoing[] = [];
  for (const f of faults) {
    if (!hits(f.target, event.kind) || !active(f, runStart, event.ts)) continue;
    if (f.kind === 'out-of-order' && r() < f.rate) {
      e = { ...e, ts: e.ts - Math.max(1000, Math.floor(r() * f.skew)) };
      late = true;
    } else if (f.kind === 'malformed' && r() < f.rate) {
      const variant = MALFORMED_VARIANTS[Math.floor(r() * MALFORMED_VARIANTS.length)]!;
      extra.push({ source, payload: malformed(event, variant), arrival, fault: `malformed:${variant}` });
    } else if (f.kind === 'large' && r() < f.rate) {
      // The event's money field: invoice / receipt amount, declared value, registered capital.
      const field = e.kind.startsWith('tax.') ? 'amount' : e.kind === 'customs.declaration' ? 'valueUsd' : 'capital';
      e = { ...e, [field]: f.value } as FeedEvent;
      large = true;
    } else if (f.kind === 'duplicate' && r() < f.rate) {
      extra.push({ source, payload: '', arrival, fault: 'duplicate' });
    }
  }
  const payload = JSON.stringify(e);
  const main: Outgoing = late ? { source, payload, arrival, fault: 'late' } : large ? { source, payload, arrival, fault: 'large' } : { source, payload, arrival };
  // A duplicate repeats the final payload byte for byte, as a retried write would.
  for (const x of extra) if (x.fault === 'duplicate') x.payload = payload;
  return [main, ...extra];
}
