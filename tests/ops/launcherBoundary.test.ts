// The gateway that production runs never imports npm start's launcher or the embedded store
// (backend/src/launcher/): the lint rule says so for every gateway file, the launcher itself may.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const probe = "import { EmbeddedStore } from './launcher/index.ts';\nexport const s = EmbeddedStore;\n";

describe('the launcher is a place of its own', () => {
  it('lint refuses an import of backend/src/launcher from the gateway, and allows it inside the launcher', async () => {
    const eslint = new ESLint();
    const [gateway] = await eslint.lintText(probe, { filePath: 'backend/src/main.ts' });
    expect(gateway!.messages.map((m) => m.message)).toContain('\'./launcher/index.ts\' import is restricted from being used by a pattern. The gateway must not import the launcher (npm start, the embedded store): production runs without it.');
    const [deep] = await eslint.lintText("import { EmbeddedStore } from '../launcher/embedded/server.ts';\nexport const s = EmbeddedStore;\n", { filePath: 'backend/src/http/app.ts' });
    expect(deep!.messages.some((m) => /must not import the launcher/.test(m.message))).toBe(true);
    const [inside] = await eslint.lintText("import { EmbeddedStore } from './embedded/server.ts';\nexport const s = EmbeddedStore;\n", { filePath: 'backend/src/launcher/probe.ts' });
    expect(inside!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });

  it('the backend index no longer exports the launcher', async () => {
    const backend = await import('@torch/backend');
    expect(Object.keys(backend)).not.toContain('EmbeddedStore');
    expect(Object.keys(backend)).not.toContain('chooseRedis');
  });
});
