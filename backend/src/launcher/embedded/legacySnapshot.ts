// The snapshot format of earlier versions (one JSON line per key, rewritten whole once a minute):
// read once to migrate a data folder to the append-only log, then renamed to `*.migrated`.
// Its strings are text; the store keeps byte strings (see resp.ts), so each is re-encoded.
import { readFileSync } from 'node:fs';
import { encodeCommand } from './resp.ts';
import { append, newStream, parseId, type Stream } from './streams.ts';
import type { Value } from './snapshot.ts';

const bytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

export function loadLegacySnapshot(file: string, data: Map<string, Value>, expires: Map<string, number>): void {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const head = JSON.parse(lines[0]!) as { expires: [string, number][] };
  for (const [k, at] of head.expires) expires.set(bytes(k), at);
  for (const line of lines.slice(1)) {
    const [key, t, v] = JSON.parse(line) as [string, string, unknown];
    const k = bytes(key);
    if (t === 's') data.set(k, { type: 'string', value: bytes(v as string) });
    else if (t === 'h') data.set(k, { type: 'hash', map: new Map((v as [string, string][]).map(([f, x]) => [bytes(f), bytes(x)])) });
    else if (t === 'z') data.set(k, { type: 'zset', map: new Map((v as [string, number][]).map(([m, s]) => [bytes(m), s])) });
    else if (t === 'x') {
      const x = v as { l: string; a: number; g: [string, string, number, [string, { consumer: string; deliveredAt: number; count: number }][], string[]][] };
      const s = newStream();
      s.groups = new Map(x.g.map(([n, ld, er, pel, cs]) => [bytes(n), { lastDelivered: parseId(ld), entriesRead: er, pel: new Map(pel.map(([id, p]) => [id, { ...p, consumer: bytes(p.consumer) }])), consumers: new Set(cs.map(bytes)) }]));
      data.set(k, s);
      (s as Stream & { legacy: { l: string; a: number } }).legacy = { l: x.l, a: x.a };
    } else {
      const s = data.get(k) as Stream;
      for (const [id, fields] of v as [string, string[]][]) append(s, parseId(id), encodeCommand(fields.map(bytes)));
    }
  }
  // append() moved `last` and `added` along; the snapshot's own values are the true ones.
  for (const v of data.values()) {
    if (v.type !== 'stream') continue;
    const legacy = (v as Stream & { legacy?: { l: string; a: number } }).legacy;
    if (!legacy) continue;
    v.last = parseId(legacy.l);
    v.added = legacy.a;
    delete (v as Stream & { legacy?: unknown }).legacy;
  }
}
