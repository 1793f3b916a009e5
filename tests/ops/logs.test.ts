// Logs are readable lines (pino-pretty) at a terminal and JSON lines otherwise. A child process
// stands in for the terminal by setting isTTY on its stream before the logger is made (the
// factories read it then); its output still goes to a pipe, so it can be read here.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function logLine(factory: 'gateway' | 'simulators', tty: boolean): string {
  const stream = factory === 'gateway' ? 'stdout' : 'stderr';
  const make = factory === 'gateway'
    ? "(await import('./backend/src/log.ts')).createLogger({ level: 'info', name: 'gateway-test' })"
    : "(await import('./simulators/src/log.ts')).makeLogger('info', 'sim-test')";
  const script = `${tty ? `process.${stream}.isTTY = true;` : ''} const log = ${make}; log.info({ port: 8080 }, 'hello from the test');`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  return (factory === 'gateway' ? r.stdout : r.stderr).trim();
}

describe.each(['gateway', 'simulators'] as const)('%s logs', (factory) => {
  it('are JSON lines when the stream is not a terminal', () => {
    const line = JSON.parse(logLine(factory, false)) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'hello from the test', port: 8080 });
  });

  it('are readable lines at a terminal', () => {
    const out = logLine(factory, true);
    expect(() => JSON.parse(out)).toThrow();
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \((gateway|sim)-test\): hello from the test\n\s+port: 8080$/);
  });
});
