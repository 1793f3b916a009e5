// The dependency gate: `npm audit` cannot reach its service from the build machines, so known
// advisories of the packages that face the network (the socket stack first) are checked here
// against the exact versions in package-lock.json. Every installed copy counts, nested ones too.
// Add a line when an advisory is published; the test fails CI until the lock is fixed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** [package, advisory, vulnerable ranges as [first affected, first fixed)] */
const ADVISORIES: [string, string, [string, string][]][] = [
  ['socket.io-parser', 'GHSA-cqmj-92xf-r6r9 (CVE-2023-32695) insufficient validation of packets', [['0.0.0', '3.3.3'], ['3.4.0', '3.4.3'], ['4.0.0', '4.2.3']]],
  ['socket.io-parser', 'GHSA-qm95-pgcg-qqfq (CVE-2022-2421) type confusion of attachments', [['0.0.0', '3.3.3'], ['3.4.0', '3.4.2'], ['4.0.0', '4.0.5'], ['4.1.0', '4.2.1']]],
  ['socket.io', 'GHSA-25hc-qcg6-38wj (CVE-2024-38355) unhandled error event', [['0.0.0', '2.5.1'], ['3.0.0', '4.6.2']]],
  ['engine.io', 'GHSA-q9mw-68c2-j6m5 (CVE-2023-31125) uncaught exception', [['5.1.0', '6.4.2']]],
  ['engine.io', 'GHSA-r7qp-cfhv-p84w (CVE-2022-41940) uncaught exception', [['0.0.0', '3.6.1'], ['4.0.0', '6.2.1']]],
  ['engine.io', 'GHSA-273r-mgr4-v34f (CVE-2022-21676) uncaught exception', [['0.0.0', '3.6.0'], ['4.0.0', '4.1.2'], ['5.0.0', '5.2.1'], ['6.0.0', '6.1.1']]],
  ['ws', 'GHSA-3h5v-q93c-6h6q (CVE-2024-37890) DoS with many headers', [['2.1.0', '5.2.4'], ['6.0.0', '6.2.3'], ['7.0.0', '7.5.10'], ['8.0.0', '8.17.1']]],
  ['express', 'GHSA-qw6h-vgh9-j6wx (CVE-2024-43796) XSS in redirect', [['0.0.0', '4.20.0']]],
  ['express', 'GHSA-rv95-896h-c2vc (CVE-2024-29041) open redirect', [['0.0.0', '4.19.2']]],
  ['body-parser', 'GHSA-qwcr-r2fm-qrc7 (CVE-2024-45590) DoS with url encoding', [['0.0.0', '1.20.3']]],
  ['path-to-regexp', 'GHSA-9wv6-86v2-598j (CVE-2024-45296) ReDoS', [['0.0.0', '0.1.10'], ['0.2.0', '1.9.0'], ['2.0.0', '3.3.0'], ['4.0.0', '6.3.0']]],
  ['path-to-regexp', 'GHSA-rhx6-c78j-4q9w (CVE-2024-52798) ReDoS', [['0.0.0', '0.1.12']]],
  ['cookie', 'GHSA-pxg6-pf52-xh8x (CVE-2024-47764) out-of-bounds characters', [['0.0.0', '0.7.0']]],
  ['send', 'GHSA-m6fv-jmcg-4jfg (CVE-2024-43799) template injection', [['0.0.0', '0.19.0']]],
  ['serve-static', 'GHSA-cm22-4g7w-348p (CVE-2024-43800) template injection', [['0.0.0', '1.16.0']]],
  ['jose', 'GHSA-hhhv-q57g-882q (CVE-2024-28176) decompression DoS', [['0.0.0', '2.0.7'], ['3.0.0', '4.15.5']]],
  ['yaml', 'GHSA-f9xv-q969-pqx4 (CVE-2023-2251) uncaught exception', [['2.0.0-5', '2.2.2']]],
  ['nanoid', 'GHSA-mwcw-c2x4-8c55 (CVE-2024-55565) predictable ids', [['0.0.0', '3.3.8'], ['4.0.0', '5.0.9']]],
  ['cross-spawn', 'GHSA-3xgq-45jj-v275 (CVE-2024-21538) ReDoS', [['0.0.0', '6.0.6'], ['7.0.0', '7.0.5']]],
  ['micromatch', 'GHSA-952p-6rrq-rcjv (CVE-2024-4067) ReDoS', [['0.0.0', '4.0.8']]],
  ['braces', 'GHSA-grv7-fg5c-xmjg (CVE-2024-4068) memory exhaustion', [['0.0.0', '3.0.3']]],
  ['esbuild', 'GHSA-67mh-4wv8-2f99 dev server answers any origin', [['0.0.0', '0.25.0']]],
  ['happy-dom', 'GHSA-37j7-fg3j-429f (CVE-2025-61927) VM context escape', [['0.0.0', '20.0.0']]],
  ['brace-expansion', 'GHSA-v6h2-p8h4-qcjw (CVE-2025-5889) ReDoS', [['1.0.0', '1.1.12'], ['2.0.0', '2.0.2'], ['3.0.0', '3.0.1'], ['4.0.0', '4.0.1']]],
];

/** Numeric compare of x.y.z (pre-release tags sort before the release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2) as [string, string | undefined];
    return { nums: core.split('.').map((n) => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0)) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

function installed(): [name: string, version: string, where: string][] {
  const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version?: string }> };
  return Object.entries(lock.packages)
    .filter(([path, p]) => path.includes('node_modules/') && p.version)
    .map(([path, p]) => [path.slice(path.lastIndexOf('node_modules/') + 13), p.version!, path]);
}

describe('dependency gate', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('4.2.10', '4.2.3')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0-5', '2.0.0')).toBeLessThan(0);
    expect(compareVersions('8.17.1', '8.17.1')).toBe(0);
  });

  it('the lock has the socket stack, so the gate checks something', () => {
    const names = new Set(installed().map(([n]) => n));
    for (const n of ['socket.io', 'socket.io-parser', 'engine.io', 'ws', 'express']) expect(names.has(n), n).toBe(true);
  });

  it('no installed package is in a range with a known advisory', () => {
    const found: string[] = [];
    for (const [name, version, where] of installed()) {
      for (const [pkg, advisory, ranges] of ADVISORIES) {
        if (pkg !== name) continue;
        for (const [from, fixed] of ranges) {
          if (compareVersions(version, from) >= 0 && compareVersions(version, fixed) < 0) found.push(`${where}@${version}: ${advisory}; fixed in ${fixed}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
