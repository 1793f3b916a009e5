// The embedded store's own behaviour beyond the shared contract suite: it keeps its data across a
// restart (snapshot file) and refuses what it does not implement with a clear error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EmbeddedStore } from '@torch/backend';

describe('embedded store', () => {
  it('keeps streams, groups, hashes and sorted sets across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'torch-embedded-'));
    const file = join(dir, 'store.json');
    const first = new EmbeddedStore(file);
    let r = new Redis(await first.start(), { maxRetriesPerRequest: 1 });
    await r.xadd('s', '*', 'e', 'one');
    await r.xgroup('CREATE', 's', 'g', '0');
    await r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', 's', '>');
    await r.hset('h', 'k', 'v');
    await r.zadd('z', 2, 'm');
    r.disconnect();
    await first.stop();

    const second = new EmbeddedStore(file);
    r = new Redis(await second.start(), { maxRetriesPerRequest: 1 });
    expect(await r.xlen('s')).toBe(1);
    expect(((await r.xpending('s', 'g')) as unknown[])[0]).toBe(1);
    expect(await r.hget('h', 'k')).toBe('v');
    expect(await r.zrange('z', '0', '-1', 'WITHSCORES')).toEqual(['m', '2']);
    await expect(r.call('OBJECT', 'ENCODING', 'h')).rejects.toThrow(/embedded store implements what this center uses/);
    r.disconnect();
    await second.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});
