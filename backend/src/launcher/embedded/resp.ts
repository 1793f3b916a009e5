// RESP2, the Redis wire protocol, as far as the embedded store needs it: requests are arrays of
// bulk strings (what every client sends); replies are the five RESP2 types.
//
// Every string inside the store is a *byte string*: the request's bytes read as latin1, one char
// per byte. Lengths are then byte lengths, nothing is decoded or re-encoded on the way through, a
// UTF-8 payload costs one byte per byte in V8 (a one-byte string), and replies go back out with
// `socket.write(text, 'latin1')`, byte for byte what came in.
export type Reply = string | number | null | Error | { simple: string } | { raw: string } | Reply[];

export class RespError extends Error {}

/** A reply already encoded (a stream entry's fields are stored that way). */
export const raw = (text: string): { raw: string } => ({ raw: text });

export function encode(r: Reply): string {
  if (r === null) return '$-1\r\n';
  if (typeof r === 'number') return `:${r}\r\n`;
  if (typeof r === 'string') return `$${r.length}\r\n${r}\r\n`;
  if (r instanceof Error) return `-${r.message}\r\n`;
  if (Array.isArray(r)) {
    let out = `*${r.length}\r\n`;
    for (const x of r) out += encode(x);
    return out;
  }
  return 'raw' in r ? r.raw : `+${r.simple}\r\n`;
}

/** The RESP array of bulk strings for `args`, as one flat byte string (a stored entry, a log line). */
export function encodeCommand(args: readonly string[], from = 0): string {
  let size = 16;
  for (let i = from; i < args.length; i++) size += args[i]!.length + 16;
  const b = Buffer.allocUnsafe(size);
  let o = b.write(`*${args.length - from}\r\n`, 0, 'latin1');
  for (let i = from; i < args.length; i++) {
    const a = args[i]!;
    o += b.write(`$${a.length}\r\n`, o, 'latin1');
    o += b.write(a, o, 'latin1');
    o += b.write('\r\n', o, 'latin1');
  }
  // A sequential string copied out of the buffer: no rope of pieces kept alive per entry.
  return b.toString('latin1', 0, o);
}

/** Incremental parser: feed bytes, take complete commands (as byte strings). */
export class RequestParser {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[][] {
    const out: string[][] = [];
    this.each(chunk, (args) => out.push(args));
    return out;
  }

  /** Each complete command with its bytes as received (the log keeps those, not a re-encoding). */
  each(chunk: Buffer, onCommand: (args: string[], bytes: Buffer) => void): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const b = this.buf;
    let pos = 0;
    while (pos < b.length) {
      const parsed = this.parseOne(pos);
      if (!parsed) break;
      onCommand(parsed.args, b.subarray(pos, parsed.next));
      pos = parsed.next;
    }
    this.buf = pos === b.length ? Buffer.alloc(0) : b.subarray(pos);
  }

  /** Bytes left over (an incomplete command). */
  get pending(): number {
    return this.buf.length;
  }

  private parseOne(pos: number): { args: string[]; next: number } | null {
    const b = this.buf;
    const end = b.indexOf('\r\n', pos);
    if (end < 0) return null;
    if (b[pos] !== 0x2a) return { args: b.toString('latin1', pos, end).trim().split(/\s+/), next: end + 2 }; // inline command
    const n = intAt(b, pos + 1, end);
    const args: string[] = new Array(n);
    let p = end + 2;
    for (let i = 0; i < n; i++) {
      const e = b.indexOf('\r\n', p);
      if (e < 0) return null;
      const size = intAt(b, p + 1, e);
      const start = e + 2;
      if (b.length < start + size + 2) return null;
      args[i] = b.toString('latin1', start, start + size);
      p = start + size + 2;
    }
    return { args, next: p };
  }
}

function intAt(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (b[i]! - 48);
  return n;
}
