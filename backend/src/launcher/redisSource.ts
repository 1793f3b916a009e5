// Which Redis the center runs on, decided once at start-up and said out loud:
//   1. REDIS_URL when given (it must answer);
//   2. a Redis already answering on 127.0.0.1:6379;
//   3. a redis-server this process starts, with append-only persistence under the data folder;
//   4. otherwise none: the caller falls back to the embedded store.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';

export type RedisChoice =
  | { kind: 'url'; url: string; stop: () => Promise<void> }
  | { kind: 'local'; url: string; stop: () => Promise<void> }
  | { kind: 'spawned'; url: string; dataDir: string; stop: () => Promise<void> }
  | { kind: 'none'; reason: string; stop: () => Promise<void> };

export async function pingRedis(url: string, timeoutMs = 1500): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  // A failed probe rejects connect() or ping() below, which is the answer; the 'error' event it
  // also emits must have a listener or it would end the process.
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    // Refused, timed out, not Redis: all mean "not here", which is the question asked. The callers
    // say what they do about it (try the next place, or refuse to start).
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function spawnRedis(dataDir: string): Promise<{ url: string; child: ChildProcess } | 'not installed' | 'did not start'> {
  const port = await freePort();
  mkdirSync(dataDir, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  const failed = await new Promise<boolean>((done) => {
    child.once('error', () => done(true));
    setTimeout(() => done(false), 50);
  });
  if (failed) return 'not installed';
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await pingRedis(url, 300)) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  return 'did not start';
}

const noop = async () => {};

export async function chooseRedis(opts: { url?: string; dataDir: string; allowSpawn?: boolean; localUrl?: string }): Promise<RedisChoice> {
  if (opts.url) {
    if (!(await pingRedis(opts.url, 3000))) throw new Error(`REDIS_URL is set but Redis does not answer there`);
    return { kind: 'url', url: opts.url, stop: noop };
  }
  const local = opts.localUrl ?? 'redis://127.0.0.1:6379';
  if (await pingRedis(local)) return { kind: 'local', url: local, stop: noop };
  let spawnFailure = 'starting one was not allowed';
  if (opts.allowSpawn !== false) {
    const dataDir = resolve(opts.dataDir, 'redis');
    const spawned = await spawnRedis(dataDir);
    if (typeof spawned === 'string') spawnFailure = `redis-server ${spawned}`;
    else {
      return {
        kind: 'spawned', url: spawned.url, dataDir,
        stop: () => new Promise<void>((done) => {
          spawned.child.once('exit', () => done());
          spawned.child.kill('SIGTERM');
        }),
      };
    }
  }
  return { kind: 'none', reason: `no Redis found: no REDIS_URL, nothing answering on ${local.replace('redis://', '')}, ${spawnFailure}`, stop: noop };
}
