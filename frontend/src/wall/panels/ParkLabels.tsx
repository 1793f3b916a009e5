// Park names on the map, in HTML over the deck.gl canvas: sized in rem like the rest of the wall and
// read as page text, each with its park's count of unacknowledged alerts (the map's text of record;
// there is no legend to decode: the names are on the markers). Four parks sit within a few pixels of
// each other on Xiamen Island, so their names stand off the island on leader lines, each on its own
// side and clear of the district names; the other parks' names sit just above their markers.
import { memo, useRef } from 'react';
import { WebMercatorViewport, type MapViewState } from '@deck.gl/core';
import type { ParkId } from '@torch/shared';
import type { ParkAlertState } from '../../alerts/describe.ts';
import { useSize } from '../hooks.ts';
import { PARK_COLORS } from '../palette.ts';
import { type ParkDatum, markerRadius } from './mapMarkers.ts';

type Side = 'above' | 'left' | 'right';

/**
 * Where a park's name stands off its marker, in CSS pixels at 1920×1080 (times the rem scale), and
 * on which side of that point the name lies. Parks not listed have their name just above the marker.
 */
export const LABEL_AT: Partial<Record<ParkId, { dx: number; dy: number; side: Side }>> = {
  // Xiamen Island: Hubian to the west over the strait, the other three in a column over the sea
  // to the east, in the order of their markers from north to south.
  'hubian-park': { dx: -26, dy: 0, side: 'left' },
  'innovation-park': { dx: 62, dy: -12, side: 'right' },
  'torch-park': { dx: 71, dy: 18, side: 'right' },
  'software-park-2': { dx: 70, dy: 38, side: 'right' },
  // Xiang'an's large marker would push a name above it onto Tongxiang's.
  'xiangan-industrial': { dx: 44, dy: 0, side: 'right' },
};

export const ParkLabels = memo(function ParkLabels(props: {
  data: ParkDatum[];
  focus: ParkId;
  alerts: Partial<Record<ParkId, ParkAlertState>>;
  view: MapViewState;
  k: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(ref);
  const { data, focus, alerts, view, k } = props;
  const max = Math.max(1, ...data.map((d) => d.value));
  const vp = width > 0 && height > 0
    ? new WebMercatorViewport({ width, height, longitude: view.longitude, latitude: view.latitude, zoom: view.zoom, pitch: view.pitch ?? 0, bearing: view.bearing ?? 0 })
    : null;
  const labels = data.map((d) => {
    const [x, y] = vp ? (vp.project(d.position) as [number, number]) : [0, 0];
    const r = markerRadius(d.value, max, k);
    const at = LABEL_AT[d.id];
    if (!at) return { d, x, y, lx: x, ly: y - r - 3 * k, side: 'above' as Side, leader: null };
    const [lx, ly] = [x + at.dx * k, y + at.dy * k];
    // The leader runs from the marker's edge to the name.
    const len = Math.hypot(lx - x, ly - y);
    const leader = { x1: x + ((lx - x) * (r + 2 * k)) / len, y1: y + ((ly - y) * (r + 2 * k)) / len, x2: lx, y2: ly };
    return { d, x, y, lx, ly, side: at.side, leader };
  });
  return (
    <div className="park-labels" ref={ref} style={vp ? undefined : { visibility: 'hidden' }}>
      <svg width={width} height={height}>
        {labels.map(({ d, leader }) => (leader ? <line key={d.id} {...leader} stroke={PARK_COLORS[d.id]} strokeWidth={2 * k} strokeLinecap="round" /> : null))}
      </svg>
      {labels.map(({ d, lx, ly, side }) => (
        <div key={d.id} className={`park-label ${side}${d.id === focus ? ' focus' : ''}`} style={{ left: lx, top: ly, borderColor: d.id === focus ? PARK_COLORS[d.id] : undefined }} data-testid={`park-label-${d.id}`}>
          <span className="swatch" style={{ background: PARK_COLORS[d.id] }} />
          {d.name}
          <AlertCount state={alerts[d.id]} id={d.id} />
        </div>
      ))}
    </div>
  );
});

/** The park's unacknowledged count beside its name (hidden at zero). */
function AlertCount({ state, id }: { state: ParkAlertState | undefined; id: ParkId }) {
  const n = state?.unacknowledged ?? 0;
  return (
    <span className={`alert-count${n > 0 ? ' show' : ''} ${state?.worst ?? ''}`} data-testid={`park-alert-count-${id}`} data-count={n} data-severity={state?.worst ?? 'none'}>
      {n > 0 ? n : ''}
    </span>
  );
}
