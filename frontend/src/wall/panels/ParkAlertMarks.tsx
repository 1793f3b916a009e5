// Rings around the parks with open alerts, drawn in HTML over the deck.gl canvas: the pulse is a CSS
// animation the compositor runs, so an alert does not make WebGL redraw sixty times a second for
// days. The view is fixed, so each park's pixel position is projected once per size. The count of
// alerts waiting for someone sits beside the park's name (ParkLabels), once.
import { memo, useRef } from 'react';
import { WebMercatorViewport, type MapViewState } from '@deck.gl/core';
import type { ParkId } from '@torch/shared';
import type { ParkAlertState } from '../../alerts/describe.ts';
import { useSize } from '../hooks.ts';
import { type ParkDatum, markerRadius } from './mapMarkers.ts';

export const ParkAlertMarks = memo(function ParkAlertMarks(props: {
  data: ParkDatum[];
  alerts: Partial<Record<ParkId, ParkAlertState>>;
  view: MapViewState;
  k: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(ref);
  const { data, alerts, view, k } = props;
  const max = Math.max(1, ...data.map((d) => d.value));
  const marks = width > 0 && height > 0
    ? (() => {
        const vp = new WebMercatorViewport({ width, height, longitude: view.longitude, latitude: view.latitude, zoom: view.zoom, pitch: view.pitch ?? 0, bearing: view.bearing ?? 0 });
        return data.flatMap((d) => {
          const s = alerts[d.id];
          if (!s || (s.worst !== 'critical' && s.worst !== 'warning' && s.unacknowledged === 0)) return [];
          const [x, y] = vp.project(d.position) as [number, number];
          return [{ id: d.id, x, y, r: markerRadius(d.value, max, k) + 9 * k, s }];
        });
      })()
    : [];
  return (
    <div className="park-alerts" ref={ref}>
      {marks.map((m) => (
        <div
          key={m.id}
          className={`park-alert ${m.s.worst ?? 'info'}${m.s.urgent ? ' urgent' : ''}`}
          data-testid={`park-alert-${m.id}`}
          style={{ left: m.x, top: m.y, width: 2 * m.r, height: 2 * m.r }}
        >
          <span className="ring" />
          {m.s.urgent ? <span className="pulse" /> : null}
        </div>
      ))}
    </div>
  );
});
