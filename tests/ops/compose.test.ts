// docker-compose.yml cannot be run here (no Docker engine), so check what can be checked: it parses,
// every service has an image, every npm script it runs exists, every bind-mounted path exists, and
// Redis keeps the event log safe (append-only, no eviction).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
  services: Record<string, { image?: string; build?: unknown; command?: string[]; volumes?: string[]; depends_on?: Record<string, unknown> }>;
  volumes?: Record<string, unknown>;
};
const scripts = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts);

describe('docker-compose.yml', () => {
  const services = Object.entries(compose.services);
  it('defines services, each with an image or a build', () => {
    expect(services.length).toBeGreaterThan(0);
    for (const [, s] of services) expect(Boolean(s.image || s.build)).toBe(true);
  });
  it('runs only npm scripts that exist', () => {
    for (const [, s] of services) {
      for (const m of (s.command ?? []).join(' ').matchAll(/npm run (\S+)/g)) expect(scripts).toContain(m[1]);
    }
  });
  it('mounts only paths and volumes that exist', () => {
    for (const [, s] of services) {
      for (const v of s.volumes ?? []) {
        const src = v.split(':')[0]!;
        if (src.startsWith('.') || src.startsWith('/')) expect(existsSync(src)).toBe(true);
        else expect(Object.keys(compose.volumes ?? {})).toContain(src);
      }
      for (const dep of Object.keys(s.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dep);
    }
  });
  it('keeps Redis append-only and never evicting', () => {
    const cmd = compose.services.redis!.command!.join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
  });
});
