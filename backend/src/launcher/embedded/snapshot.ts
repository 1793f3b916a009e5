// The data as restore commands (a compaction's base file) and back. Private commands, never sent
// by a client, each in pieces of about 256 KB so a slice of the compaction stays short:
//   _S key value                         a string
//   _H key field value …                 fields of a hash
//   _Z key score member …                members of a sorted set
//   _XS key last-id added                a stream (empty so far)
//   _XE key ms seq fields …              its entries (fields: the entry's RESP array, as stored)
//   _XG key group last-delivered entries-read consumer-count consumer… (id consumer delivered-at count)…
//   _PX key at                           an expiry time
import { encodeCommand } from './resp.ts';
import { type Group, type Stream, append, newStream, parseId, idText } from './streams.ts';

export type Value =
  | { type: 'string'; value: string }
  | { type: 'hash'; map: Map<string, string> }
  | { type: 'zset'; map: Map<string, number> }
  | Stream;

/** A stream as captured: its arrays up to `end` at the moment of the capture. */
type CapturedStream = Stream & { end?: number };

const PIECE = 256 << 10;

function* pieces(head: string[], items: Iterable<string[]>): Generator<string> {
  let args = [...head];
  let size = 0;
  for (const item of items) {
    for (const x of item) {
      args.push(x);
      size += x.length + 8;
    }
    if (size >= PIECE) {
      yield encodeCommand(args);
      args = [...head];
      size = 0;
    }
  }
  if (args.length > head.length) yield encodeCommand(args);
}

export function* restoreCommands(keys: [string, Value][], expires: Map<string, number>, done: () => void): Generator<string> {
  try {
    for (const [key, v] of keys) {
      if (v.type === 'string') yield encodeCommand(['_S', key, v.value]);
      else if (v.type === 'hash') yield* pieces(['_H', key], mapPairs(v.map, (f, x) => [f, x]));
      else if (v.type === 'zset') yield* pieces(['_Z', key], mapPairs(v.map, (m, s) => [String(s), m]));
      else yield* streamCommands(key, v);
      const at = expires.get(key);
      if (at !== undefined) yield encodeCommand(['_PX', key, String(at)]);
    }
  } finally {
    done();
  }
}

function* mapPairs<V>(map: Map<string, V>, pair: (k: string, v: V) => string[]): Generator<string[]> {
  for (const [k, v] of map) yield pair(k, v);
}

function* streamCommands(key: string, s: CapturedStream): Generator<string> {
  yield encodeCommand(['_XS', key, idText(s.last), String(s.added)]);
  const end = s.end ?? s.ms.length;
  function* entries(): Generator<string[]> {
    for (let i = s.head; i < end; i++) yield [String(s.ms[i]), String(s.seq[i]), s.fields[i]!];
  }
  yield* pieces(['_XE', key], entries());
  for (const [name, g] of s.groups) {
    const pel: string[][] = [...g.pel].map(([id, p]) => [id, p.consumer, String(p.deliveredAt), String(p.count)]);
    yield* pieces(['_XG', key, name, idText(g.lastDelivered), String(g.entriesRead), String(g.consumers.size), ...g.consumers], pel);
  }
}

/** Apply one restore command to the data (loading a base file). */
export function applyRestore(data: Map<string, Value>, expires: Map<string, number>, a: string[]): void {
  const key = a[1]!;
  switch (a[0]) {
    case '_S': data.set(key, { type: 'string', value: a[2]! }); return;
    case '_H': {
      let h = data.get(key) as Extract<Value, { type: 'hash' }> | undefined;
      if (!h) data.set(key, (h = { type: 'hash', map: new Map() }));
      for (let i = 2; i < a.length; i += 2) h.map.set(a[i]!, a[i + 1]!);
      return;
    }
    case '_Z': {
      let z = data.get(key) as Extract<Value, { type: 'zset' }> | undefined;
      if (!z) data.set(key, (z = { type: 'zset', map: new Map() }));
      for (let i = 2; i < a.length; i += 2) z.map.set(a[i + 1]!, Number(a[i]));
      return;
    }
    case '_XS': {
      const s = newStream();
      data.set(key, s);
      s.last = parseId(a[2]!);
      s.added = Number(a[3]);
      return;
    }
    case '_XE': {
      const s = data.get(key) as Stream;
      const { last, added } = s;
      for (let i = 2; i < a.length; i += 3) append(s, { ms: Number(a[i]), seq: Number(a[i + 1]) }, a[i + 2]!);
      s.last = last;
      s.added = added;
      return;
    }
    case '_XG': {
      const s = data.get(key) as Stream;
      let g: Group | undefined = s.groups.get(a[2]!);
      const nc = Number(a[5]);
      if (!g) {
        g = { lastDelivered: parseId(a[3]!), entriesRead: Number(a[4]), pel: new Map(), consumers: new Set(a.slice(6, 6 + nc)) };
        s.groups.set(a[2]!, g);
      }
      for (let i = 6 + nc; i < a.length; i += 4) g.pel.set(a[i]!, { consumer: a[i + 1]!, deliveredAt: Number(a[i + 2]), count: Number(a[i + 3]) });
      return;
    }
    case '_PX': expires.set(key, Number(a[2])); return;
    default: throw new Error(`embedded store: unknown restore command ${a[0]}`);
  }
}
