// The trade map's world outline: world-atlas cuts rings at the antimeridian, and a ring whose edge
// jumps from +180° to −180° is drawn as a band across a flat map (issue 12, point 11).
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import land110 from 'world-atlas/land-110m.json';
import { unwrapAntimeridian, unwrapRing } from '../../frontend/src/wall/worldLand.ts';

const rings = (fc: FeatureCollection<MultiPolygon>): Position[][] => fc.features.flatMap((f) => f.geometry.coordinates.flat());
const longestStep = (r: Position[]) => Math.max(...r.slice(1).map((p, i) => Math.abs(p[0]! - r[i]![0]!)));

describe('the world outline on a flat map', () => {
  const topo = land110 as unknown as Topology;
  const raw = feature(topo, topo.objects.land!) as unknown as FeatureCollection;
  const land = unwrapAntimeridian(raw);

  it('world-atlas itself has rings jumping across the antimeridian (what this fixes)', () => {
    const polygons = raw.features.flatMap((f) => (f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : []));
    expect(polygons.flat().filter((r) => longestStep(r) > 180).length).toBe(4);
  });

  it('has no edge longer than 180° of longitude once unwrapped, and every ring still closed', () => {
    for (const r of rings(land)) {
      expect(longestStep(r)).toBeLessThan(180);
      expect(r[r.length - 1]).toEqual(r[0]);
    }
  });

  it('keeps Chukotka east of 180° as part of Eurasia, within a turn of the map', () => {
    const eurasia = rings(land).find((r) => r.length > 1000)!;
    const lons = eurasia.map((p) => p[0]!);
    expect(Math.min(...lons)).toBeGreaterThan(-30);
    expect(Math.max(...lons)).toBeGreaterThan(180);
    expect(Math.max(...lons)).toBeLessThan(200);
  });

  it('drops the ring that runs round the South Pole (Antarctica) and nothing else', () => {
    const all = rings(land);
    // Antarctica's mainland ring went all the way round; its islands (Berkner, Thurston…) stay.
    const span = (r: Position[]) => Math.max(...r.map((p) => p[0]!)) - Math.min(...r.map((p) => p[0]!));
    expect(all.filter((r) => Math.min(...r.map((p) => p[1]!)) < -60 && span(r) > 30)).toEqual([]);
    const before = raw.features.flatMap((f) => (f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [])).flat().length;
    expect(all.length).toBe(before - 1);
  });

  it('unwraps a ring crossing eastwards and back, and refuses one that goes round a pole', () => {
    expect(unwrapRing([[170, 0], [-170, 0], [-170, 10], [170, 10], [170, 0]])).toEqual([[170, 0], [190, 0], [190, 10], [170, 10], [170, 0]]);
    expect(unwrapRing([[-180, -70], [0, -70], [180, -70], [-180, -80], [-180, -70]])).toBeNull();
  });
});
