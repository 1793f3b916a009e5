// `npm start -- --help` prints the usage and exits 0 without starting anything; a wrong argument
// is refused with exit code 2 and a pointer to --help. The real entry point runs in a child (two
// runs: each loads the whole center, ≈4 s here); the other cases go through the parser directly.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GatewayConfigSchema } from '@torch/backend';
import { parseStartArgs, storageBanner } from '../../backend/src/launcher/index.ts';

function start(...args: string[]) {
  // A REDIS_URL nobody answers: should anything start despite --help, it would not reach a Redis.
  return spawnSync(process.execPath, ['--import', 'tsx', 'backend/src/launcher/main.ts', ...args], {
    encoding: 'utf8', timeout: 60_000, env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', TORCH_STORE: '' },
  });
}

describe('npm start', () => {
  it('--help prints the options and the environment variables, and exits 0', () => {
    const r = start('--help');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm start/);
    for (const s of ['--demo', '--help', 'REDIS_URL', 'TORCH_STORE', 'TORCH_DATA_DIR', 'PORT', 'TORCH_ADMIN_PASSWORD', 'TORCH_DEMO', 'SIM_SEED']) expect(r.stdout).toContain(s);
    // Every variable the gateway reads is named, so the help cannot fall behind config.ts.
    for (const name of Object.keys(GatewayConfigSchema.shape)) expect(r.stdout, name).toContain(name);
    expect(r.stdout).toContain('(0.0.0.0, 8080)');
    expect(r.stdout).not.toMatch(/storage:|gateway listening/);
  }, 60_000);

  it('refuses an unknown option with exit code 2 and says where the options are', () => {
    const r = start('--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("start: unknown option '--bogus'\nRun `npm start -- --help` for the options.\n");
    expect(r.stdout).toBe('');
  }, 60_000);

  it('takes --demo, --help and -h, and nothing else', () => {
    expect(parseStartArgs([])).toEqual({ demo: false, help: false });
    expect(parseStartArgs(['--demo'])).toEqual({ demo: true, help: false });
    expect(parseStartArgs(['-h', '--demo'])).toEqual({ demo: true, help: true });
    expect(() => parseStartArgs(['--demo', '--port=9000'])).toThrow("unknown option '--port=9000'");
    expect(() => parseStartArgs(['demo'])).toThrow("unexpected argument 'demo'");
  });

  it('says why the embedded store was chosen, where its data is and what it cannot do', () => {
    const forced = storageBanner({ kind: 'embedded', reason: 'TORCH_STORE=embedded', dir: '/srv/torch/.data/embedded' }).join('\n');
    expect(forced).toContain('EMBEDDED STORE, because TORCH_STORE=embedded');
    expect(forced).not.toContain('no Redis found');
    expect(forced).toContain('/srv/torch/.data/embedded');
    expect(forced).toMatch(/limits: this one process only/);
    const fallback = storageBanner({ kind: 'embedded', reason: 'no Redis found: no REDIS_URL, nothing answering on 127.0.0.1:6379, redis-server not installed', dir: '.data/embedded' }).join('\n');
    expect(fallback).toContain('because no Redis found: no REDIS_URL, nothing answering on 127.0.0.1:6379, redis-server not installed');
    expect(storageBanner({ kind: 'local' })).toEqual(['  storage   Redis (local)']);
  });
});
