// npm start serves the built wall; build it when it is missing or older than its sources, so
// `npm install && npm start` needs no separate step and an edited wall is not served stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FRONTEND = resolve(import.meta.dirname, '../../../frontend');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function frontendDist(): string {
  return join(FRONTEND, 'dist');
}

export function needsBuild(): boolean {
  const index = join(frontendDist(), 'index.html');
  if (!existsSync(index)) return true;
  return newest(join(FRONTEND, 'src')) > statSync(index).mtimeMs;
}

export async function buildFrontend(): Promise<void> {
  const { build } = await import('vite');
  await build({ root: FRONTEND, logLevel: 'warn', configFile: join(FRONTEND, 'vite.config.ts') });
}
