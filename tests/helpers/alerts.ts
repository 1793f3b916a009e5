// Making alerts happen in tests, through the front door: a rules file of the test's own, and
// entries written into the streams the way a feed writes them. The engine's clock is the log's
// arrival time, so a test moves it by writing an entry with an explicit (later) stream id.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { ENTRY_FIELDS, EVENT_SCHEMA_VERSION, type FeedEvent, type ParkId, keyLayout, sourceOfKind } from '@torch/shared';

const MIN = 60_000;

/** Rules for tests: every declaration over USD 10 million is a critical alert, open for 30 minutes. */
export const TEST_RULES = `version: 1
rules:
  - id: big-declaration
    name: { zh: 单笔报关超过1000万美元, en: Declaration over USD 10 million }
    kind: large-event
    severity: critical
    event: customs.declaration
    field: valueUsd
    above: 10000000
    hold: 30
`;

export function writeRulesFile(text = TEST_RULES): string {
  const file = join(mkdtempSync(join(tmpdir(), 'torch-rules-')), 'rules.yaml');
  writeFileSync(file, text);
  return file;
}

let counter = 0;
const firm = { uscc: '91350200MA2Y3K4P2Q', name: '厦门测试贸易有限公司' };

export function declaration(ts: number, valueUsd: number, parkId: ParkId = 'hubian-park'): FeedEvent {
  return { ...firm, id: `t-decl-${Date.now()}-${++counter}`, ts, parkId, kind: 'customs.declaration', direction: 'export', valueUsd, hsChapter: '85', partner: 'US', tradeMode: 'general', port: 'xiamen-seaport' } as FeedEvent;
}

export function changed(ts: number): FeedEvent {
  return { ...firm, id: `t-chg-${Date.now()}-${++counter}`, ts, parkId: 'torch-park', kind: 'registry.changed', chain: 'software', industryCode: 'I65', capital: 1_000_000, foreign: false, change: 'other' } as FeedEvent;
}

/** XADD an event to its stream; `id` '*' (now) or an explicit `ms-seq`. Returns the entry id. */
export async function writeEvent(redis: Redis, prefix: string, e: FeedEvent, id = '*'): Promise<string> {
  const stream = keyLayout(prefix).stream[sourceOfKind(e.kind)];
  return (await redis.xadd(stream, id, ENTRY_FIELDS.event, JSON.stringify(e), ENTRY_FIELDS.version, String(EVENT_SCHEMA_VERSION)))!;
}

/**
 * Move the log's clock past the next minute boundary: an entry stamped one second after it. Later
 * '*' entries then get ids after it, as Redis keeps ids increasing.
 */
const lastBoundary = new Map<string, number>();
export async function crossMinute(redis: Redis, prefix: string): Promise<number> {
  // Each call crosses a new boundary, even twice within one real minute.
  const boundary = Math.max((Math.floor(Date.now() / MIN) + 1) * MIN, (lastBoundary.get(prefix) ?? 0) + MIN);
  lastBoundary.set(prefix, boundary);
  await writeEvent(redis, prefix, changed(Date.now()), `${boundary + 1000}-0`);
  return boundary;
}

/** A big declaration now, then the clock past the minute: the test rules fire one critical alert. */
export async function raiseBigDeclaration(redis: Redis, prefix: string, parkId: ParkId = 'hubian-park'): Promise<{ eventId: string; boundary: number }> {
  const e = declaration(Date.now(), 25_000_000, parkId);
  await writeEvent(redis, prefix, e);
  const boundary = await crossMinute(redis, prefix);
  return { eventId: e.id, boundary };
}
