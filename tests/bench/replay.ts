// Replay of one simulated day at full speed through a real session (build of the exact start state
// included separately), against the baseline of reading and parsing the same day's entries from
// the streams. The target: one day in ≤ 5 s on this machine.
import { Redis } from 'ioredis';
import { SOURCES, keyLayout, parseFeedEvent } from '@torch/shared';
import { backfill } from '@torch/simulators';
import { startGateway, settled } from '../helpers/gateway.ts';
import { deletePrefix } from '../helpers/redis.ts';
import { writeResult } from './common.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(url);
const prefix = `bench:replay:${process.pid}:`;
const layout = keyLayout(prefix);
const DAY = 86_400_000;
const end = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
const from = end - DAY;
try {
  await backfill({ redis, keys: layout, seed: 17, from: end - 10 * DAY, to: end });
  const g = await startGateway(prefix, { redisUrl: url });
  try {
    await settled(g, 300_000);
    const admin = (await g.login()).accessToken;

    const t0 = performance.now();
    let entries = 0;
    for (const s of SOURCES) {
      for (const [, f] of (await redis.xrange(layout.stream[s], String(from), String(end - 1))) as [string, string[]][]) {
        parseFeedEvent(s, f[f.indexOf('e') + 1]);
        entries++;
      }
    }
    const baselineMs = performance.now() - t0;

    const t1 = performance.now();
    const created = await g.post('/api/replay/sessions', { from, to: end, speed: 'max' }, admin);
    const buildMs = performance.now() - t1;
    const id = created.body.id as string;
    const t2 = performance.now();
    await g.post(`/api/replay/sessions/${id}/control`, { action: 'play' }, admin);
    while ((await g.get(`/api/replay/sessions/${id}`, admin)).body.info.status !== 'ended') await new Promise((r) => setTimeout(r, 20));
    const playMs = performance.now() - t2;
    const result = { entries, baselineMs: Math.round(baselineMs), buildMs: Math.round(buildMs), playMs: Math.round(playMs), ratio: +((buildMs + playMs) / baselineMs).toFixed(1) };
    console.table([result]);
    console.log(`replay of one simulated day (${entries} entries) at full speed: start state ${result.buildMs} ms + play ${result.playMs} ms (target ≤ 5000 ms); ${result.ratio}× the time to read and parse the same entries`);
    writeResult('replay', result);
  } finally {
    await g.stop();
  }
} finally {
  await deletePrefix(redis, prefix);
  await redis.quit();
}
