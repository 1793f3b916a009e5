// Trade this month: deck.gl arcs from Xiamen to partner regions on a world outline (world-atlas,
// shipped, no tiles, drawn once in SVG), each region named in HTML at its arc's end in its colour,
// and exports / imports by region written out beside it.
import { memo, useMemo } from 'react';
import { ArcLayer } from '@deck.gl/layers';
import { feature } from 'topojson-client';
import type { FeatureCollection } from 'geojson';
import type { Topology } from 'topojson-specification';
import { useTranslation } from 'react-i18next';
import { COUNTRIES, type Locale, type MetricId, type MonthFigure, REGIONS, REGION_IDS, type RegionId, scaleUnit, scaledNumeral } from '@torch/shared';
import land110 from 'world-atlas/land-110m.json';
import { DeckCanvas } from '../DeckCanvas.tsx';
import { GeoOutline } from '../GeoOutline.tsx';
import { type MapName, MapNames } from '../MapNames.tsx';
import { type Freshness, Panel } from '../Panel.tsx';
import { useRemScale } from '../hooks.ts';
import { useTableScale } from '../useHeldScale.ts';
import { unwrapAntimeridian } from '../worldLand.ts';

const land = unwrapAntimeridian(feature(land110 as unknown as Topology, (land110 as unknown as Topology).objects.land!) as unknown as FeatureCollection);
const XIAMEN: [number, number] = [118.1, 24.5];
/** 24° W to 136° E (Europe to Japan) across the map's 13.5rem at 1920×1080. */
const WORLD_VIEW = { longitude: 56, latitude: 30, zoom: -0.08 };
const REGION_COLORS: Record<RegionId, [number, number, number]> = {
  brics: [255, 140, 66], rcep: [58, 208, 255], eu: [139, 123, 255], 'north-america': [239, 71, 111], 'belt-road': [255, 209, 102], other: [127, 142, 163],
};
/**
 * Where a region's arc lands: the mean of its member countries, North America's taken east of the
 * antimeridian so that its arc leaves the map eastwards across the Pacific, the way it goes.
 */
const REGION_POINTS = Object.fromEntries(
  REGION_IDS.map((r) => {
    const cs = COUNTRIES.filter((c) => c.region === r);
    const lon = cs.reduce((s, c) => s + c.position[0], 0) / cs.length;
    return [r, [lon < -30 ? lon + 360 : lon, cs.reduce((s, c) => s + c.position[1], 0) / cs.length]];
  }),
) as Record<RegionId, [number, number]>;
/**
 * Where each region's name goes: at its arc's end, offset in CSS pixels at 1920×1080 (times the rem
 * scale) so that no two names meet; North America's arc leaves the map, so its name sits where it
 * leaves, up against the map's right edge and above the arcs.
 */
const REGION_LABELS: Record<Exclude<RegionId, 'other'>, { at?: [number, number]; dx: number; dy: number; anchor: 'start' | 'middle' | 'end' }> = {
  eu: { dx: -2, dy: -12, anchor: 'end' },
  'belt-road': { dx: -6, dy: -13, anchor: 'middle' },
  brics: { dx: 0, dy: 13, anchor: 'middle' },
  rcep: { dx: 0, dy: 14, anchor: 'middle' },
  'north-america': { at: [135.5, 67], dx: -2, dy: 0, anchor: 'end' },
};

export const Trade = memo(function Trade({ zone, locale, fresh }: { zone: Record<MetricId, MonthFigure>; locale: Locale; fresh: Freshness }) {
  const { t } = useTranslation();
  const rows = useMemo(
    () => REGION_IDS.map((r) => ({ r, exp: zone[`exports.${r}` as MetricId].mtd, imp: zone[`imports.${r}` as MetricId].mtd })).sort((a, b) => b.exp + b.imp - (a.exp + a.imp)),
    [zone],
  );
  const max = Math.max(1, ...rows.map((r) => r.exp + r.imp));
  // Numbers only in the rows, all in one scale; the unit once in the header.
  const scale = useTableScale(rows.flatMap((r) => [r.exp, r.imp]), locale);
  const unitLabel = scaleUnit(scale, 'usd');
  // Arc widths follow the figures in coarse steps, so the world map redraws only on visible change.
  const widthKey = rows.map((r) => `${r.r}:${Math.round((20 * (r.exp + r.imp)) / max)}`).join(',');
  const arcs = useMemo(() => widthKey.split(',').map((x) => ({ r: x.split(':')[0] as RegionId, w: Number(x.split(':')[1]) / 20 })).filter((a) => a.r !== 'other'), [widthKey]);
  const k = useRemScale();
  // Same layer instances until the arcs change, so deck.gl does not redraw on every render.
  const names: MapName[] = useMemo(
    () => arcs.map((a) => {
      const l = REGION_LABELS[a.r as Exclude<RegionId, 'other'>];
      return { key: a.r, position: l.at ?? REGION_POINTS[a.r], text: locale === 'en' ? REGIONS[a.r].en : REGIONS[a.r].zh, color: `rgb(${REGION_COLORS[a.r].join(',')})`, dx: l.dx, dy: l.dy, anchor: l.anchor };
    }),
    [arcs, locale],
  );
  const layers = useMemo(() => [
    new ArcLayer<(typeof arcs)[number]>({
      id: 'trade-arcs', data: arcs, getSourcePosition: () => XIAMEN, getTargetPosition: (d) => REGION_POINTS[d.r],
      getSourceColor: [58, 208, 255, 230], getTargetColor: (d) => [...REGION_COLORS[d.r], 230], getWidth: (d) => k * (1.5 + 7 * Math.sqrt(d.w)),
      getHeight: 0.3, widthUnits: 'pixels', greatCircle: true, updateTriggers: { getWidth: [k] },
    }),
  ], [arcs, k]);
  const view = useMemo(() => ({ ...WORLD_VIEW, zoom: WORLD_VIEW.zoom + Math.log2(k) }), [k]);
  return (
    <Panel title={t('panel.trade')} className="col-right row-2" fresh={fresh} testId="panel-trade">
      <div style={{ position: 'absolute', left: 0, top: 0, width: '13.5rem', bottom: 0 }}>
        <GeoOutline shapes={land} view={view} fill="rgba(24, 58, 100, 0.78)" />
        <DeckCanvas layers={layers} view={view} />
        <MapNames names={names} view={view} k={k} className="regions" />
      </div>
      <div style={{ position: 'absolute', left: '14.3rem', right: 0, top: 0, bottom: 0, gridAutoRows: '1fr', display: 'grid', gridTemplateColumns: '1fr auto auto', columnGap: '0.8rem', fontSize: 'var(--t-min)', alignItems: 'center' }}>
        <span style={{ color: '#8ea6c7' }}>{t('trade.unit', { unit: unitLabel })}</span>
        <span style={{ color: '#8ea6c7', textAlign: 'right' }}>{t('trade.exports')}</span>
        <span style={{ color: '#8ea6c7', textAlign: 'right' }}>{t('trade.imports')}</span>
        {rows.map(({ r, exp, imp }) => (
          <div key={r} style={{ display: 'contents' }}>
            <span style={{ display: 'flex', alignItems: 'center', gap: '0.4rem', whiteSpace: 'nowrap' }}>
              <span className="swatch" style={{ background: `rgb(${REGION_COLORS[r].join(',')})` }} />{locale === 'en' ? REGIONS[r].en : REGIONS[r].zh}
            </span>
            <span className="num" style={{ textAlign: 'right' }}>{scaledNumeral(exp, scale)}</span>
            <span className="num" style={{ textAlign: 'right', color: '#8ea6c7' }}>{scaledNumeral(imp, scale)}</span>
          </div>
        ))}
      </div>
    </Panel>
  );
});
