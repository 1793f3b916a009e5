// The embedded store's files: records framed as [u32 length][u32 CRC-32][payload], little endian.
// A payload is RESP commands back to back (byte strings). A record is written whole or, after a
// crash in the middle of a write, found short or with a wrong checksum: the reader stops there,
// says so, and the log is cut back to its last whole record.
//
// The writer is Redis' `appendfsync everysec`: commands are buffered and handed to the OS on the
// next turn of the event loop (so a killed process loses only what was not yet handed over), and
// the file is fsynced once a second; writes and fsyncs run on libuv's thread pool, never on the
// loop.
import { closeSync, openSync, readSync, fstatSync, ftruncateSync, fsyncSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { RequestParser } from './resp.ts';

const HEADER = 8;

export function frame(payload: Buffer): Buffer {
  const head = Buffer.allocUnsafe(HEADER);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

export interface ReadResult {
  /** Bytes of whole records. */
  good: number;
  /** Bytes after them that were not a whole record (0 when the file ends cleanly). */
  torn: number;
}

/**
 * Calls `onCommand` for every command of every whole record, in order, reading the file in
 * chunks (a log is hundreds of MB: never one buffer). Stops at the first torn record.
 */
export function readLog(path: string, onCommand: (args: string[]) => void): ReadResult {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let chunk = Buffer.allocUnsafe(16 << 20);
    let have = 0; // bytes in chunk
    let fileAt = 0; // file offset of chunk[0]
    let readAt = 0;
    let good = 0;
    for (;;) {
      // Make sure the chunk holds a header and then the whole record (or the file's end).
      const need = (n: number) => {
        if (n > chunk.length) {
          const bigger = Buffer.allocUnsafe(n);
          chunk.copy(bigger, 0, 0, have);
          chunk = bigger;
        }
        while (have < n && readAt < size) {
          const got = readSync(fd, chunk, have, Math.min(chunk.length - have, size - readAt), readAt);
          if (got <= 0) break;
          have += got;
          readAt += got;
        }
        return have >= n;
      };
      const off = good - fileAt;
      if (off > 0 && off > chunk.length / 2) {
        chunk.copy(chunk, 0, off, have);
        have -= off;
        fileAt = good;
      }
      const at = good - fileAt;
      if (!need(at + HEADER)) break;
      const len = chunk.readUInt32LE(at);
      const sum = chunk.readUInt32LE(at + 4);
      if (!need(at + HEADER + len)) break;
      const payload = chunk.subarray(at + HEADER, at + HEADER + len);
      if (crc32(payload) !== sum) break;
      const parser = new RequestParser();
      for (const args of parser.push(payload)) onCommand(args);
      if (parser.pending) break; // a record whose payload is not whole commands: treat as torn
      good += HEADER + len;
    }
    return { good, torn: size - good };
  } finally {
    closeSync(fd);
  }
}

/** Cut a log back to its whole records (after a torn tail), durably. */
export function truncateLog(path: string, length: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Appends records to one file; see the header comment for when they reach the disk. */
export class LogWriter {
  private queue: (string | Buffer)[] = [];
  private queued = 0;
  private scheduled = false;
  private writing: Promise<void> | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private unsynced = false;
  private failed: Error | null = null;
  /** Bytes in the file (written or being written). */
  size: number;

  private constructor(private readonly fh: FileHandle, size: number, private readonly onError: (e: Error) => void) {
    this.size = size;
    this.syncTimer = setInterval(() => void this.sync(), 1000);
    this.syncTimer.unref();
  }

  static async open(path: string, onError: (e: Error) => void): Promise<LogWriter> {
    const fh = await open(path, 'a');
    const { size } = await fh.stat();
    return new LogWriter(fh, size, onError);
  }

  /** Queue one command, already encoded as RESP (a byte string, or the bytes as received). */
  append(command: string | Buffer): void {
    this.queue.push(command);
    this.queued += command.length;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
  }

  /** Bytes waiting to be handed to the OS. */
  get backlog(): number {
    return this.queued;
  }

  /** Hand everything queued to the OS as one record (one write in flight at a time). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.queue.length === 0) return;
    const payload = Buffer.concat(this.queue.map((c) => (typeof c === 'string' ? Buffer.from(c, 'latin1') : c)), this.queued);
    this.queue = [];
    this.queued = 0;
    const record = frame(payload);
    this.size += record.length;
    this.writing = this.writeAll(record).finally(() => {
      this.writing = null;
    });
    await this.writing;
  }

  private async writeAll(record: Buffer): Promise<void> {
    try {
      let at = 0;
      while (at < record.length) at += (await this.fh.write(record, at, record.length - at)).bytesWritten;
      this.unsynced = true;
    } catch (e) {
      this.report(e as Error);
    }
  }

  private async sync(): Promise<void> {
    if (!this.unsynced) return;
    this.unsynced = false;
    try {
      await this.fh.datasync();
    } catch (e) {
      this.report(e as Error);
    }
  }

  private report(e: Error): void {
    if (this.failed) return;
    this.failed = e;
    this.onError(e);
  }

  /** Flush, fsync and close. */
  async close(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    await this.flush();
    while (this.writing) await this.writing;
    this.unsynced = true;
    await this.sync();
    await this.fh.close();
  }
}
