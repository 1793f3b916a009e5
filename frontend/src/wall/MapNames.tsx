// Names on a map (districts, trade regions) in HTML over the canvas: sized in rem like the rest of
// the wall and read as page text by the legibility checks, with no font atlas for deck.gl to build
// in software on first load.
import { memo, useRef } from 'react';
import { WebMercatorViewport, type MapViewState } from '@deck.gl/core';
import { useSize } from './hooks.ts';

export interface MapName {
  key: string;
  position: [number, number];
  text: string;
  color: string;
  /** Offset from the point in CSS pixels at 1920×1080 (times the rem scale). */
  dx?: number;
  dy?: number;
  anchor?: 'start' | 'middle' | 'end';
}

const SHIFT = { start: '0', middle: '-50%', end: '-100%' } as const;

export const MapNames = memo(function MapNames({ names, view, k, className }: { names: MapName[]; view: MapViewState; k: number; className: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(ref);
  const vp = width > 0 && height > 0
    ? new WebMercatorViewport({ width, height, longitude: view.longitude, latitude: view.latitude, zoom: view.zoom, pitch: view.pitch ?? 0, bearing: view.bearing ?? 0 })
    : null;
  return (
    <div className={`map-names ${className}`} ref={ref} style={vp ? undefined : { visibility: 'hidden' }}>
      {names.map((n) => {
        const [x, y] = vp ? (vp.project(n.position) as [number, number]) : [0, 0];
        return (
          <span
            key={n.key}
            className="map-name"
            data-testid={`map-name-${n.key}`}
            style={{ left: x + (n.dx ?? 0) * k, top: y + (n.dy ?? 0) * k, color: n.color, transform: `translate(${SHIFT[n.anchor ?? 'middle']}, -50%)` }}
          >
            {n.text}
          </span>
        );
      })}
    </div>
  );
});
