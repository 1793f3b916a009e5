// A map's fixed ground (Xiamen's districts, the world's land) drawn once as SVG under the deck.gl
// canvas. Without a GPU, every layer type deck.gl draws compiles its shaders in software and every
// redraw reads back the whole canvas; the ground never moves, so it costs nothing there and the
// canvas keeps only what changes with the figures (markers, arcs). Projected with deck.gl's own
// WebMercatorViewport, so outlines and markers line up to the pixel.
import { memo, useMemo, useRef } from 'react';
import { WebMercatorViewport, type MapViewState } from '@deck.gl/core';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { useSize } from './hooks.ts';

const FILL = { position: 'absolute', inset: '0' } as const;

/** The SVG path of every polygon in the collection, in pixels of the viewport. */
export function outlinePath(fc: FeatureCollection<Geometry>, project: (p: Position) => number[]): string {
  const parts: string[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const rings of polygons) {
      for (const ring of rings) {
        ring.forEach((p, i) => {
          const [x, y] = project(p);
          parts.push(`${i === 0 ? 'M' : 'L'}${x!.toFixed(1)} ${y!.toFixed(1)}`);
        });
        parts.push('Z');
      }
    }
  }
  return parts.join('');
}

export const GeoOutline = memo(function GeoOutline(props: {
  shapes: FeatureCollection<Geometry>;
  view: MapViewState;
  fill: string;
  stroke?: string;
  strokeWidth?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(ref);
  const { shapes, view } = props;
  const d = useMemo(() => {
    if (width === 0 || height === 0) return '';
    const vp = new WebMercatorViewport({ width, height, longitude: view.longitude, latitude: view.latitude, zoom: view.zoom, pitch: view.pitch ?? 0, bearing: view.bearing ?? 0 });
    return outlinePath(shapes, (p) => vp.project(p));
  }, [shapes, view, width, height]);
  return (
    <div ref={ref} style={FILL} data-testid="geo-outline">
      <svg width={width} height={height} style={{ display: 'block' }}>
        <path d={d} fill={props.fill} fillRule="evenodd" stroke={props.stroke ?? 'none'} strokeWidth={props.strokeWidth ?? 0} strokeLinejoin="round" />
      </svg>
    </div>
  );
});
