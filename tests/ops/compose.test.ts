// docker-compose.yml cannot be run here (no Docker engine), so check what can be checked: it
// parses, every service has an image or a build whose Dockerfile exists, every command runs a
// script or file that exists, every bind-mounted path exists, the Dockerfile copies only what
// exists, two gateways with distinct ids sit behind the proxy, everything has a health check, and
// Redis keeps the event log safe (append-only, no eviction).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  healthcheck?: { test: string[] };
  ports?: string[];
}
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const scripts = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts);
const services = Object.entries(compose.services);
const gateways = services.filter(([name]) => name.startsWith('gateway-'));

describe('docker-compose.yml', () => {
  it('defines services, each with an image or a build whose Dockerfile exists', () => {
    expect(services.length).toBeGreaterThan(0);
    for (const [name, s] of services) {
      expect(Boolean(s.image || s.build), name).toBe(true);
      if (s.build) expect(existsSync(`${s.build.context}/${s.build.dockerfile}`), name).toBe(true);
    }
    // An image used without a build is either public or built by another service.
    const built = new Set(services.filter(([, s]) => s.build).map(([, s]) => s.image));
    for (const [name, s] of services) if (s.image?.startsWith('torch-')) expect(built.has(s.image), name).toBe(true);
  });

  it('runs only npm scripts and files that exist', () => {
    for (const [name, s] of services) {
      const cmd = (s.command ?? []).join(' ');
      for (const m of cmd.matchAll(/npm run (\S+)/g)) expect(scripts, name).toContain(m[1]);
      for (const m of cmd.matchAll(/--import tsx (\S+)/g)) expect(existsSync(m[1]!), `${name}: ${m[1]}`).toBe(true);
    }
  });

  it('mounts only paths and volumes that exist, and depends only on services that exist', () => {
    for (const [, s] of services) {
      for (const v of s.volumes ?? []) {
        const src = v.split(':')[0]!;
        if (src.startsWith('.') || src.startsWith('/')) expect(existsSync(src), src).toBe(true);
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

  it('runs two gateways with distinct ids on the same Redis, all behind the proxy, trusting one proxy hop', () => {
    expect(gateways.length).toBeGreaterThanOrEqual(2);
    const ids = gateways.map(([, s]) => s.environment?.GATEWAY_ID);
    expect(new Set(ids).size).toBe(gateways.length);
    for (const [, s] of gateways) {
      expect(s.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(s.environment?.TRUST_PROXY).toBe('1');
    }
    const nginx = readFileSync('backend/deploy/nginx.conf', 'utf8');
    for (const [name] of gateways) expect(nginx).toContain(`server ${name}:8080`);
    expect(nginx).toMatch(/ip_hash;/);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(compose.services.proxy?.volumes?.[0]).toMatch(/^\.\/backend\/deploy\/nginx\.conf:/);
  });

  it('keeps Prometheus off the public proxy: each gateway\'s own metrics port, published nowhere, refused by nginx', () => {
    const nginx = readFileSync('backend/deploy/nginx.conf', 'utf8');
    for (const [name, s] of gateways) {
      const port = s.environment?.METRICS_PORT;
      expect(port, name).toMatch(/^\d+$/);
      expect(port, name).not.toBe(s.environment?.PORT);
      expect(s.ports, `${name} publishes no port`).toBeUndefined();
      expect(nginx, `the proxy never forwards to ${name}'s metrics port`).not.toContain(`${name}:${port}`);
      expect(s.environment?.METRICS_TOKEN, name).toBe('${METRICS_TOKEN:-}');
    }
    expect(compose.services.proxy?.ports).toEqual(['8080:80']);
    expect(nginx).toMatch(/location \^~ \/metrics \{\s*return 404;\s*\}/);
  });

  it('gives Redis, every gateway and the proxy a health check', () => {
    for (const name of ['redis', 'proxy', ...gateways.map(([n]) => n)]) expect(compose.services[name]?.healthcheck?.test.length, name).toBeGreaterThan(0);
  });

  it('builds an image from files that exist, running the gateway', () => {
    const docker = readFileSync('backend/deploy/Dockerfile', 'utf8');
    const copies = [...docker.matchAll(/^COPY (?!--from)(.+)$/gm)].map((m) => m[1]!.trim().split(/\s+/).slice(0, -1)).flat();
    expect(copies.length).toBeGreaterThan(5);
    for (const src of copies) if (src !== '.') expect(existsSync(src), src).toBe(true);
    const cmd = /^CMD \[(.+)\]$/m.exec(docker)![1]!;
    const file = JSON.parse(`[${cmd}]`).at(-1) as string;
    expect(existsSync(file)).toBe(true);
    expect(docker).toMatch(/^USER node$/m);
  });

  it('builds and runs on one supported Node LTS line (not Node 20, end of life since April 2026)', () => {
    const docker = readFileSync('backend/deploy/Dockerfile', 'utf8');
    const bases = [...docker.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
    expect(bases.length).toBe(2);
    expect(new Set(bases).size, 'both stages on the same image').toBe(1);
    const major = Number(/^node:(\d+)-bookworm-slim$/.exec(bases[0]!)?.[1]);
    // Even majors are the LTS lines; 22 and 24 were the supported ones when this was written.
    expect(major % 2, bases[0]).toBe(0);
    expect(major, bases[0]).toBeGreaterThanOrEqual(22);
  });
});
