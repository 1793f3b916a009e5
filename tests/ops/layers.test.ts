// The house rules of the workspace (tests/helpers/layers.ts) on the real repository, and on a planted
// fixture that breaks each of them, so a checker that silently stopped finding anything would fail here.
import { describe, expect, it } from 'vitest';
import { type Repo, type Workspace, checkLayers, findCycles, loadRepo, specifiersOf } from '../helpers/layers.ts';

function fixture(files: Record<string, string>): Repo {
  return {
    files: new Map(Object.entries(files)),
    packages: new Map<string, Workspace>([['@torch/shared', 'shared'], ['@torch/simulators', 'simulators'], ['@torch/backend', 'backend'], ['@torch/frontend', 'frontend']]),
    declared: new Map<Workspace, Set<string>>([['shared', new Set(['zod'])], ['simulators', new Set()], ['backend', new Set()], ['frontend', new Set()]]),
  };
}

describe('the import graph of this repository', () => {
  const repo = loadRepo('.');
  const report = checkLayers(repo);

  it('reads every workspace, and the shared index among them', () => {
    expect(repo.files.has('shared/src/index.ts')).toBe(true);
    expect(repo.files.has('backend/src/app.ts')).toBe(true);
    expect(repo.files.has('frontend/src/main.tsx')).toBe(true);
    expect(repo.files.has('simulators/src/index.ts')).toBe(true);
    expect([...repo.files.keys()].some((p) => p.includes('node_modules'))).toBe(false);
  });

  it('keeps the layers: shared/ imports nothing of ours, frontend and backend stay apart, simulators import neither', () => {
    expect(report.violations).toEqual([]);
  });

  it('has no import cycle inside shared/', () => {
    expect(report.cycles.map((c) => c.join(' → '))).toEqual([]);
  });
});

describe('the checker, on a planted fixture', () => {
  const planted = fixture({
    // A cycle of three, one link type-only, one through a re-export.
    'shared/src/metrics/health.ts': "import type { FeedStatus } from '../api/rest.ts';\nexport const x = 1;",
    'shared/src/api/rest.ts': "export * from '../alerts/engine.ts';\nexport type FeedStatus = 'ok';",
    'shared/src/alerts/engine.ts': "import { x } from '../metrics/health.ts';\nexport const y = x;",
    // A file importing itself is a cycle too.
    'shared/src/self.ts': "export * from './self.ts';",
    // shared/ reaching out, five ways.
    'shared/src/leaky.ts': [
      "import { Redis } from 'ioredis';",
      "import { readFileSync } from 'node:fs';",
      "import { createHash } from 'crypto';",
      "import { createGateway } from '@torch/backend';",
      "import type { Row } from '../../frontend/src/table.ts';",
      "import { z } from 'zod';", // declared: fine
      "// import { nope } from '@torch/simulators';", // a comment: not an import
      "const s = \"import x from '@torch/frontend'\";", // a string: not an import
      'export type R = import("@torch/simulators").Writer;',
    ].join('\n'),
    'frontend/src/table.ts': "import { createGateway } from '@torch/backend';\nexport type Row = {};",
    'backend/src/wall.ts': "const m = await import('../../frontend/src/table.ts');",
    'simulators/src/writer.ts': "export { createGateway } from '@torch/backend';",
    'backend/src/deep.ts': "import { keyLayout } from '../../shared/src/streams.ts';",
    // Clean: a workspace by name, tests by path.
    'backend/src/fine.ts': "import { keyLayout } from '@torch/shared';\nimport { Redis } from 'ioredis';",
    'tests/backend/x.test.ts': "import { Ingest } from '../../backend/src/ingest/consumer.ts';",
  });
  const report = checkLayers(planted);

  it('reports every violation, with the file and the specifier', () => {
    expect(report.violations.sort()).toEqual([
      "backend/src/deep.ts: imports '../../shared/src/streams.ts': reaches into shared/ by path; import it by its package name",
      "backend/src/wall.ts: imports '../../frontend/src/table.ts': backend/ must not import frontend/",
      "frontend/src/table.ts: imports '@torch/backend': frontend/ must not import backend/",
      "shared/src/leaky.ts: imports '../../frontend/src/table.ts': shared/ must not import frontend/",
      "shared/src/leaky.ts: imports '@torch/backend': shared/ must not import backend/",
      "shared/src/leaky.ts: imports '@torch/simulators': shared/ must not import simulators/",
      "shared/src/leaky.ts: imports 'crypto': shared/ is pure: no Node built-in modules",
      "shared/src/leaky.ts: imports 'ioredis': shared/ may only use the packages shared/package.json declares (zod)",
      "shared/src/leaky.ts: imports 'node:fs': shared/ is pure: no Node built-in modules",
      "shared/src/metrics/health.ts: imports '../api/rest.ts': domain code in shared/ must not import the API contracts (shared/src/api/); move the declaration into the domain and let api/ import it",
      "simulators/src/writer.ts: imports '@torch/backend': simulators/ must not import backend/",
    ]);
  });

  it('reports each cycle in shared/ as its path', () => {
    expect(report.cycles.map((c) => c.join(' → ')).sort()).toEqual([
      'shared/src/alerts/engine.ts → shared/src/metrics/health.ts → shared/src/api/rest.ts → shared/src/alerts/engine.ts',
      'shared/src/self.ts → shared/src/self.ts',
    ]);
  });

  it('finds the cycle issue 11 reported, and none once one link is cut', () => {
    const before = new Map([
      ['health', ['rest']], ['rest', ['socket']], ['socket', ['lifecycle']], ['lifecycle', ['engine']], ['engine', ['health', 'conditions']], ['conditions', ['engine']],
    ]);
    // One component, two cycles through engine: both are named.
    expect(findCycles(before)).toEqual([
      ['conditions', 'engine', 'conditions'],
      ['health', 'rest', 'socket', 'lifecycle', 'engine', 'health'],
    ]);
    const after = new Map(before);
    after.set('health', []);
    after.set('conditions', []);
    expect(findCycles(after)).toEqual([]);
  });

  it('reads specifiers the way the compiler does', () => {
    expect(specifiersOf('a.tsx', [
      "import a from 'a';",
      "import type { B } from 'b';",
      "export * from 'c';",
      "export { d } from 'd';",
      "import 'e';",
      "const f = await import('f');",
      "type G = import('g').G;",
      "const h = require('h');",
      '// import i from "i";',
      '/* import j from "j"; */',
      "const k = 'import l from \"l\"';",
      'const m = <div>import n from "n"</div>;',
    ].join('\n'))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });
});
