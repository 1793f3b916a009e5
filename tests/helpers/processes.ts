// Real processes for fault tests: a gateway child that can be killed with SIGKILL, and a private
// redis-server (its own port and data folder) that can be stopped and restarted without touching
// the shared one.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, pingRedis } from '../../backend/src/launcher/index.ts';

export { freePort };

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Start backend/src/main.ts as a child; resolves when it listens. */
export async function spawnGateway(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', SERVE_FRONTEND: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`gateway exited early:\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200 || res.status === 503) return { child, url, output: () => out };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`gateway did not start:\n${out}`);
}

export function killHard(p: GatewayProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });
}

export interface PrivateRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  remove(): void;
}

/** A redis-server with append-only persistence (fsync always) in a temporary folder. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'torch-redis-'));
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    port,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
      for (let i = 0; i < 100; i++) {
        if (await pingRedis(url, 200)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('private redis-server did not start');
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
      });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether tests that start their own redis-server can run; says why not, and fails under CI. */
export function requireRedisServer(suite: string): boolean {
  if (spawnSync('redis-server', ['--version']).status === 0) return true;
  const why = 'no redis-server binary on PATH (Debian: apt-get install redis-server)';
  if (process.env.TORCH_REQUIRE_REDIS === '1') throw new Error(`${suite}: ${why}, and TORCH_REQUIRE_REDIS=1 forbids skipping`);
  console.warn(`SKIPPED ${suite}: ${why}. CI installs it and sets TORCH_REQUIRE_REDIS=1.`);
  return false;
}
