// The built wall (frontend/dist) is split by page: the login form and the alerts console must not
// download deck.gl, which only the wall and replay pages draw with; and no chunk but deck.gl's own
// exceeds Vite's default 500 kB warning. Reads the build manifest, so it needs `npm run build`
// first (CI's .ci/run builds before `npm test`); without a fresh build it fails and says so.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { frontendDist, needsBuild } from '../../backend/src/launcher/index.ts';

interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const dist = frontendDist();
const manifestPath = join(dist, '.vite', 'manifest.json');
/** Strings found in deck.gl's and luma.gl's minified code (error messages, stats ids) and
 *  nowhere else: they find deck.gl in a chunk whatever the chunk is called. */
const DECK_MARKERS = ['deck.gl', 'luma.gl'];
/** Vite's default chunkSizeWarningLimit, kB. */
const DEFAULT_LIMIT_KB = 500;

let manifest: Manifest;

beforeAll(() => {
  if (!existsSync(manifestPath)) {
    throw new Error(`${manifestPath} is missing: run \`npm run build\` before this test (CI's .ci/run does).`);
  }
  if (needsBuild()) {
    throw new Error(`frontend/dist is older than frontend/src: run \`npm run build\` so this test checks the current code.`);
  }
  manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
});

/** The entry plus a page's chunk, and everything they import statically: what the browser
 *  downloads to show that page (dynamic imports inside it are loaded only on demand). */
function chunksOfPage(pageSrc: string): ManifestChunk[] {
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  expect(entry, 'the manifest has an entry').toBeDefined();
  expect(manifest[pageSrc], `${pageSrc} is a chunk of its own`).toBeDefined();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]!.imports ?? []) visit(dep);
  };
  visit(entry!);
  visit(pageSrc);
  return [...seen].map((k) => manifest[k]!);
}

function hasDeck(chunks: ManifestChunk[]): string[] {
  return chunks
    .filter((c) => c.name === 'deck' || DECK_MARKERS.some((m) => readFileSync(join(dist, c.file), 'utf8').includes(m)))
    .map((c) => c.file);
}

describe('frontend bundle (frontend/dist)', () => {
  it.each(['src/pages/Login.tsx', 'src/console/AlertsConsole.tsx'])('%s does not load deck.gl', (page) => {
    expect(hasDeck(chunksOfPage(page)), `chunks of ${page} holding deck.gl`).toEqual([]);
  });

  it.each(['src/wall/Wall.tsx', 'src/replay/ReplayPage.tsx'])('%s loads deck.gl (so the check above can see it)', (page) => {
    expect(hasDeck(chunksOfPage(page)).length).toBeGreaterThan(0);
  });

  it(`keeps every chunk but deck.gl's under ${DEFAULT_LIMIT_KB} kB`, () => {
    const big = Object.values(manifest)
      .filter((c) => c.file.endsWith('.js') && c.name !== 'deck')
      .map((c) => ({ file: c.file, kB: statSync(join(dist, c.file)).size / 1000 }))
      .filter((c) => c.kB > DEFAULT_LIMIT_KB);
    expect(big).toEqual([]);
  });
});
