// The shipped nginx.conf is run for real by tests/wall/proxy.test.ts, from a copy in which only the
// compose upstream names and the listen port are substituted. Here, without nginx: that
// substitution covers exactly the compose file's gateways, and it refuses a file of another shape
// instead of testing something else.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHIPPED_NGINX_CONF, runnableConf, upstreamServers } from '../helpers/proxy.ts';

const shipped = readFileSync(SHIPPED_NGINX_CONF, 'utf8');
const gateways = Object.keys((parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, unknown> }).services).filter((n) => n.startsWith('gateway-'));
const map = Object.fromEntries(gateways.map((g, i) => [`${g}:8080`, `127.0.0.1:${9001 + i}`]));

describe('the shipped nginx.conf, made runnable for the browser test', () => {
  it('names exactly the compose gateways as upstreams', () => {
    expect(upstreamServers(shipped).sort()).toEqual(gateways.map((g) => `${g}:8080`).sort());
  });

  it('changes only the upstream addresses, the listen port and the access log\'s folder', () => {
    const conf = runnableConf(shipped, map, '127.0.0.1:9999', '/tmp/logs');
    const changed = conf.split('\n').filter((l, i) => l !== shipped.split('\n')[i]);
    expect(changed.map((l) => l.trim())).toEqual([
      ...gateways.map((_, i) => expect.stringMatching(new RegExp(`^server 127\\.0\\.0\\.1:${9001 + i} `))),
      'listen 127.0.0.1:9999;',
      'access_log /tmp/logs/access.log torch;',
    ]);
  });

  it('refuses a file of another shape', () => {
    expect(() => runnableConf(shipped.replace('listen 80;', 'listen 8080;'), map, '127.0.0.1:9999')).toThrow(/listen 80/);
    expect(() => runnableConf(shipped.replace(/gateway-1/g, 'gw-one'), map, '127.0.0.1:9999')).toThrow(/upstream servers/);
    expect(() => runnableConf(shipped.replace(/upstream[^}]*\}/, ''), map, '127.0.0.1:9999')).toThrow(/no upstream servers/);
    expect(() => runnableConf(`${shipped}\nserver { listen 443; }\n`, map, '127.0.0.1:9999')).toThrow(/listen 80/);
  });
});
