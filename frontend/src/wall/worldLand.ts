// The world outline for the trade map, from world-atlas (shipped, no tiles), made safe to draw flat.
// world-atlas cuts its rings at the antimeridian: Chukotka, Wrangel Island and Fiji jump from
// +180° to −180° inside a ring, and Antarctica's ring runs once round the pole. Drawn on a flat
// map, such an edge spans the whole width and the ring's fill becomes a band across the world.
import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson';

/**
 * Rings that cross the antimeridian, unwrapped: each jump of more than 180° in longitude is undone
 * by ±360°, so Chukotka continues east of 180° (where it is) instead of across the map. A ring that
 * still ends a full turn from where it started runs round a pole (Antarctica): it has no edge on a
 * flat map and is dropped, with its polygon. Other rings are returned as they are.
 */
export function unwrapAntimeridian(fc: FeatureCollection): FeatureCollection<MultiPolygon> {
  const features: Feature<MultiPolygon>[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') continue;
    const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
      .map((rings) => rings.map(unwrapRing))
      .filter((rings): rings is Position[][] => rings.every((r) => r !== null));
    if (polygons.length > 0) features.push({ ...f, geometry: { type: 'MultiPolygon', coordinates: polygons } });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The ring with continuous longitudes, moved by whole turns so that its mean lies within ±180°
 * (Eurasia from 18° W to 190° E), or null when it runs round a pole.
 */
export function unwrapRing(ring: Position[]): Position[] | null {
  let shift = 0;
  const out: Position[] = [];
  for (let i = 0; i < ring.length; i++) {
    const [lon, lat] = ring[i]!;
    if (i > 0) {
      const step = lon! - ring[i - 1]![0]!;
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    out.push([lon! + shift, lat!]);
  }
  if (shift !== 0) return null; // closed ring, a full turn in longitude: round a pole
  const mean = out.reduce((s, p) => s + p[0]!, 0) / Math.max(1, out.length);
  const turns = Math.round(mean / 360);
  return turns === 0 ? out : out.map(([lon, lat]) => [lon! - 360 * turns, lat!]);
}
