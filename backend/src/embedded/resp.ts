// RESP2, the Redis wire protocol, as far as the embedded store needs it: requests are arrays of
// bulk strings (what every client sends); replies are the five RESP2 types.
export type Reply = string | number | null | Error | { simple: string } | Reply[];

export class RespError extends Error {}

export function encode(r: Reply): string {
  if (r === null) return '$-1\r\n';
  if (typeof r === 'number') return `:${r}\r\n`;
  if (typeof r === 'string') return `$${Buffer.byteLength(r)}\r\n${r}\r\n`;
  if (r instanceof Error) return `-${r.message}\r\n`;
  if (Array.isArray(r)) return `*${r.length}\r\n${r.map(encode).join('')}`;
  return `+${r.simple}\r\n`;
}

/** Incremental parser: feed bytes, take complete commands. */
export class RequestParser {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[][] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: string[][] = [];
    let pos = 0;
    while (pos < this.buf.length) {
      const parsed = this.parseOne(pos);
      if (!parsed) break;
      out.push(parsed.args);
      pos = parsed.next;
    }
    this.buf = this.buf.subarray(pos);
    return out;
  }

  private line(pos: number): { text: string; next: number } | null {
    const end = this.buf.indexOf('\r\n', pos);
    return end < 0 ? null : { text: this.buf.toString('utf8', pos, end), next: end + 2 };
  }

  private parseOne(pos: number): { args: string[]; next: number } | null {
    const head = this.line(pos);
    if (!head) return null;
    if (head.text[0] !== '*') return { args: head.text.trim().split(/\s+/), next: head.next }; // inline command
    const n = Number(head.text.slice(1));
    const args: string[] = [];
    let p = head.next;
    for (let i = 0; i < n; i++) {
      const len = this.line(p);
      if (!len) return null;
      const size = Number(len.text.slice(1));
      if (this.buf.length < len.next + size + 2) return null;
      args.push(this.buf.toString('utf8', len.next, len.next + size));
      p = len.next + size + 2;
    }
    return { args, next: p };
  }
}
