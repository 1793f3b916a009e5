// How npm start picks its Redis: REDIS_URL, the local one, or a redis-server it starts itself.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseRedis, freePort, pingRedis } from '../../backend/src/launcher/index.ts';
import { REDIS_URL, requireRedis } from '../helpers/redis.ts';
import { requireRedisServer } from '../helpers/processes.ts';

const available = await requireRedis('choosing a Redis');
const hasRedisServer = requireRedisServer('npm start starting its own redis-server');

describe.skipIf(!available)('choosing a Redis', () => {
  it('uses REDIS_URL when given, and refuses one that does not answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'torch-choice-'));
    const c = await chooseRedis({ url: REDIS_URL, dataDir: dir });
    expect(c.kind).toBe('url');
    const dead = `redis://127.0.0.1:${await freePort()}`;
    await expect(chooseRedis({ url: dead, dataDir: dir })).rejects.toThrow(/does not answer/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses the local Redis when one answers', async () => {
    const c = await chooseRedis({ dataDir: tmpdir(), localUrl: REDIS_URL });
    expect(c).toMatchObject({ kind: 'local', url: REDIS_URL });
  });

  it.skipIf(!hasRedisServer)('starts redis-server with append-only persistence when nothing answers, and stops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'torch-choice-'));
    const c = await chooseRedis({ dataDir: dir, localUrl: `redis://127.0.0.1:${await freePort()}` });
    expect(c.kind).toBe('spawned');
    if (c.kind !== 'spawned') return;
    expect(await pingRedis(c.url)).toBe(true);
    await c.stop();
    expect(await pingRedis(c.url, 300)).toBe(false);
    expect(existsSync(join(dir, 'redis'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says so when there is no Redis at all and it may not start one', async () => {
    const port = await freePort();
    const c = await chooseRedis({ dataDir: tmpdir(), localUrl: `redis://127.0.0.1:${port}`, allowSpawn: false });
    expect(c.kind).toBe('none');
    if (c.kind === 'none') expect(c.reason).toBe(`no Redis found: no REDIS_URL, nothing answering on 127.0.0.1:${port}, starting one was not allowed`);
  });
});
