// The shipped reverse-proxy file (backend/deploy/nginx.conf) run for real by Debian's nginx, in
// front of test gateways. The file is used as it ships: only its upstream addresses (compose
// service names), its listen port and the folder of its access log (/var/log/nginx, the image's)
// are replaced, and it is included from a small main file that
// keeps pid, logs and temporary files in a temporary folder, so nginx runs unprivileged:
// `nginx -p <dir> -c <dir>/nginx.conf -g 'daemon off;'`. If the file no longer has the shape the
// substitution expects, it fails loudly rather than test a file of its own making.
//
// Without nginx the suites that need it are skipped with the reason, unless
// TORCH_REQUIRE_BROWSER=1 (CI, which installs nginx-light) makes that a failure.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../backend/src/launcher/index.ts';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const SHIPPED_NGINX_CONF = 'backend/deploy/nginx.conf';

export function requireNginx(suite: string): boolean {
  if (existsSync(NGINX)) return true;
  const why = `no nginx at ${NGINX} (Debian: apt-get install nginx-light)`;
  if (process.env.TORCH_REQUIRE_BROWSER === '1') throw new Error(`${suite}: ${why}, and TORCH_REQUIRE_BROWSER=1 forbids skipping`);
  console.warn(`SKIPPED ${suite}: ${why}. CI installs it and sets TORCH_REQUIRE_BROWSER=1.`);
  return false;
}

/** The `server host:port` addresses of the file's upstream blocks, in order. */
export function upstreamServers(conf: string): string[] {
  const blocks = [...conf.matchAll(/^\s*upstream\s+\S+\s*\{([^}]*)\}/gm)].map((m) => m[1]!);
  return blocks.flatMap((b) => [...b.matchAll(/^\s*server\s+(\S+?)[\s;]/gm)].map((m) => m[1]!));
}

/**
 * The shipped file with each upstream address replaced as `upstreams` says (every one must be
 * named, and each must occur once), its one `listen 80;` replaced by `listen`, and with `logDir`
 * its access logs' folder /var/log/nginx/ replaced by `logDir`. Throws when the file does not have
 * that shape.
 */
export function runnableConf(shipped: string, upstreams: Record<string, string>, listen: string, logDir?: string): string {
  const found = upstreamServers(shipped);
  const wanted = Object.keys(upstreams);
  if (found.length === 0) throw new Error(`${SHIPPED_NGINX_CONF}: no upstream servers found; the file changed shape, update tests/helpers/proxy.ts`);
  if (found.slice().sort().join() !== wanted.slice().sort().join()) {
    throw new Error(`${SHIPPED_NGINX_CONF}: upstream servers are [${found.join(', ')}], the test maps [${wanted.join(', ')}]`);
  }
  let conf = shipped;
  for (const [from, to] of Object.entries(upstreams)) {
    const line = new RegExp(`^(\\s*server\\s+)${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s;])`, 'gm');
    const hits = conf.match(line)?.length ?? 0;
    if (hits !== 1) throw new Error(`${SHIPPED_NGINX_CONF}: "server ${from}" occurs ${hits} times, expected once`);
    conf = conf.replace(line, `$1${to}`);
  }
  const listens = conf.match(/\blisten\s+[^;]*;/g) ?? [];
  if (listens.length !== 1 || listens[0] !== 'listen 80;') {
    throw new Error(`${SHIPPED_NGINX_CONF}: expected exactly one "listen 80;", found [${listens.map((l) => l.trim()).join(', ')}]`);
  }
  conf = conf.replace(/^(\s*listen\s+)80;/m, `$1${listen};`);
  if (logDir === undefined) return conf;
  const logs = /^(\s*access_log\s+)\/var\/log\/nginx\//gm;
  if (!logs.test(conf)) throw new Error(`${SHIPPED_NGINX_CONF}: no "access_log /var/log/nginx/…" found; the file changed shape, update tests/helpers/proxy.ts`);
  return conf.replace(logs, `$1${logDir}/`);
}

export interface RunningProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** nginx's access log so far, in the shipped file's own format: one line per request, ending `upstream=<address(es)>`. */
  accessLog(): string[];
  /** nginx's error log and output so far. */
  errorLog(): string;
  stop(): Promise<void>;
}

/** Start nginx on the shipped file, the compose upstream names mapped to `upstreams`' addresses. */
export async function startNginx(upstreams: Record<string, string>): Promise<RunningProxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'torch-nginx-'));
  mkdirSync(join(dir, 'logs'));
  const site = runnableConf(readFileSync(SHIPPED_NGINX_CONF, 'utf8'), upstreams, `127.0.0.1:${port}`, join(dir, 'logs'));
  writeFileSync(join(dir, 'default.conf'), site);
  // What the nginx image's /etc/nginx/nginx.conf gives the file (it is mounted as
  // conf.d/default.conf inside that file's http block), with every path in the temporary folder.
  // The access log adds the upstream that answered, so tests can see which gateway served what.
  writeFileSync(join(dir, 'nginx.conf'), [
    ...(process.getuid?.() === 0 ? [`user ${userInfo().username};`] : []),
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/logs/error.log notice;`,
    'events { worker_connections 1024; }',
    'http {',
    '  default_type application/octet-stream;',
    '  sendfile on;',
    '  keepalive_timeout 65;',
    `  access_log ${dir}/logs/access.log combined;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t}_temp;`),
    `  include ${dir}/default.conf;`,
    '}',
    '',
  ].join('\n'));

  let output = '';
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-e', `${dir}/logs/error.log`, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const read = (f: string) => (existsSync(join(dir, 'logs', f)) ? readFileSync(join(dir, 'logs', f), 'utf8') : '');
  const errorLog = () => `${output}${read('error.log')}`;
  const url = `http://127.0.0.1:${port}`;

  const until = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${errorLog()}\n--- ${SHIPPED_NGINX_CONF} as run:\n${site}`);
    try {
      if ((await fetch(`${url}/api/health`)).status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer on ${url}:\n${errorLog()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    port,
    accessLog: () => read('access.log').split('\n').filter(Boolean),
    errorLog,
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
