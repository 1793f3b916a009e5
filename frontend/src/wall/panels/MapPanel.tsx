// The zone on a map with no tiles: Xiamen's district outlines (shipped GeoJSON, drawn once in SVG),
// all six districts named (HTML), and each sub-park as a glowing deck.gl marker sized by its
// month-to-date figure, its name beside it (ParkLabels). A slow carousel brings one park at a time into the focus card. Layers keep stable
// ids; their data arrays change only with the figures. Open alerts ring their park (red for
// critical, amber for warning) and count beside its name; see ParkAlertMarks and ParkLabels.
import { memo, useMemo } from 'react';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { useTranslation } from 'react-i18next';
import { DISTRICTS, type Locale, PARKS, type ParkId, type HeadlineMetric, type ScreenView, formatInScale } from '@torch/shared';
import districtsJson from '../../geo/xiamen-districts.json';
import { formatChangeOf, money } from '../../format/index.ts';
import { PARK_COLORS, rgb } from '../palette.ts';
import { DeckCanvas } from '../DeckCanvas.tsx';
import { GeoOutline } from '../GeoOutline.tsx';
import { type MapName, MapNames } from '../MapNames.tsx';
import { type Freshness, Panel } from '../Panel.tsx';
import { useRemScale } from '../hooks.ts';
import type { ParkAlertState } from '../../alerts/describe.ts';
import { type ParkDatum, markerRadius } from './mapMarkers.ts';
import { ParkAlertMarks } from './ParkAlertMarks.tsx';
import { ParkLabels } from './ParkLabels.tsx';
import { useTableScale } from '../useHeldScale.ts';

const districts = districtsJson as unknown as FeatureCollection<Geometry, { name: string }>;
/**
 * The whole of Xiamen (117.89–118.40° E, 24.41–24.91° N, northern Tong'an included) in the left
 * 436 px of the map's 700 × 499 px at 1920×1080, leaving the right 16.5rem, open sea east of the
 * city, to the focus card and the island parks' names. WebMercatorViewport.fitBounds gave the
 * centre and zoom (padding 8 / 264 / 6 / 4 px, top / right / bottom / left).
 */
const VIEW = { longitude: 118.2973, latitude: 24.6663, zoom: 9.2153, pitch: 0, bearing: 0 };

/** A label point for a district: the mean of its largest ring. */
function labelPoint(f: Feature<Geometry, { name: string }>): [number, number] {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [];
  const ring = polys.map((p) => p[0]!).sort((a, b) => b.length - a.length)[0] ?? [];
  let x = 0;
  let y = 0;
  for (const p of ring) {
    x += p[0]!;
    y += p[1]!;
  }
  return [x / Math.max(ring.length, 1), y / Math.max(ring.length, 1)];
}
const DISTRICT_EN = Object.fromEntries(Object.values(DISTRICTS).map((d) => [d.zh, d.en]));
/**
 * Where a district's name goes, where the mean of its outline would put it under a park or its
 * name: Huli and Siming share Xiamen Island with four parks, whose names stand off the island.
 */
const DISTRICT_LABEL_AT: Record<string, [number, number]> = {
  湖里区: [118.098, 24.49],
  思明区: [118.125, 24.452],
  同安区: [118.09, 24.79],
  集美区: [118.02, 24.585],
  海沧区: [117.95, 24.465],
  翔安区: [118.32, 24.76],
};
const DISTRICT_LABELS = districts.features.map((f) => ({
  zh: f.properties.name,
  en: DISTRICT_EN[f.properties.name] ?? f.properties.name,
  position: DISTRICT_LABEL_AT[f.properties.name] ?? labelPoint(f),
}));
const DISTRICT_NAME_COLOR = 'rgba(140, 178, 224, 0.9)';
const districtNames = (locale: Locale): MapName[] =>
  DISTRICT_LABELS.map((d) => ({ key: d.zh, position: d.position, text: locale === 'en' ? d.en : d.zh, color: DISTRICT_NAME_COLOR }));

function mapLayers(data: ParkDatum[], focus: ParkId, k: number) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const radius = (d: ParkDatum) => markerRadius(d.value, max, k);
  return [
    new ScatterplotLayer<ParkDatum>({
      id: 'park-glow', data, getPosition: (d) => d.position, radiusUnits: 'pixels',
      getRadius: (d) => radius(d) * (d.id === focus ? 2.1 : 1.7), getFillColor: (d) => [d.color[0], d.color[1], d.color[2], d.id === focus ? 70 : 38],
      updateTriggers: { getRadius: [max, focus, k], getFillColor: [focus] },
    }),
    new ScatterplotLayer<ParkDatum>({
      id: 'parks', data, getPosition: (d) => d.position, radiusUnits: 'pixels', getRadius: radius,
      getFillColor: (d) => [d.color[0], d.color[1], d.color[2], 215], stroked: true, lineWidthUnits: 'pixels',
      getLineColor: (d) => (d.id === focus ? [255, 255, 255, 255] : [255, 255, 255, 110]), getLineWidth: (d) => k * (d.id === focus ? 3 : 1.2),
      updateTriggers: { getRadius: [max, k], getLineColor: [focus], getLineWidth: [focus, k] },
    }),
  ];
}

export const MapPanel = memo(function MapPanel(props: {
  metrics: ScreenView['metrics'];
  metric: HeadlineMetric;
  focus: ParkId;
  locale: Locale;
  fresh: Freshness;
  alerts: Partial<Record<ParkId, ParkAlertState>>;
}) {
  const { t } = useTranslation();
  const { metrics, metric, focus, locale } = props;
  // Marker sizes only need to move when a park's figure moves visibly (0.5% of the largest): the
  // map then redraws a few times a minute instead of on every delta. Exact figures are in the
  // focus card and the ranking, which are plain text.
  const values = PARKS.map((p) => metrics[p.id][metric].mtd);
  const top = Math.max(1, ...values);
  const valuesKey = values.map((v) => Math.round((200 * v) / top)).join(',');
  const data: ParkDatum[] = useMemo(
    () => PARKS.map((p, i) => ({ id: p.id, position: [p.position[0], p.position[1]], name: locale === 'en' ? p.shortEn : p.shortZh, value: Number(valuesKey.split(',')[i]), color: rgb(PARK_COLORS[p.id]) })),
    [valuesKey, locale],
  );
  // The same layer instances until the data or the focus change: new instances with fresh
  // accessor functions would make deck.gl redraw on every render.
  const k = useRemScale();
  const layers = useMemo(() => mapLayers(data, focus, k), [data, focus, k]);
  const names = useMemo(() => districtNames(locale), [locale]);
  // The same geographic extent on any wall size: one zoom level per doubling of pixels.
  const view = useMemo(() => ({ ...VIEW, zoom: VIEW.zoom + Math.log2(k) }), [k]);

  return (
    <Panel title={t('panel.map')} className="map-panel" fresh={props.fresh} testId="panel-map">
      <GeoOutline shapes={districts} view={view} fill="rgba(20, 52, 92, 0.59)" stroke="rgba(70, 130, 200, 0.8)" strokeWidth={1.2 * k} />
      <DeckCanvas layers={layers} view={view} />
      <MapNames names={names} view={view} k={k} className="districts" />
      <ParkAlertMarks data={data} alerts={props.alerts} view={view} k={k} />
      <ParkLabels data={data} focus={focus} alerts={props.alerts} view={view} k={k} />
      <FocusCard metrics={metrics} focus={focus} locale={locale} />
    </Panel>
  );
});

/**
 * The park in focus, written out: the map's figures of record for it. Each line's unit is chosen
 * from that figure across all parks and held (useTableScale), so it does not change as the carousel
 * moves on, and the smallest park's figure still shows two significant digits.
 */
export function FocusCard({ metrics, focus, locale }: { metrics: ScreenView['metrics']; focus: ParkId; locale: Locale }) {
  const { t } = useTranslation();
  const salesScale = useTableScale(PARKS.map((p) => metrics[p.id].sales.mtd), locale);
  const exportsScale = useTableScale(PARKS.map((p) => metrics[p.id].exports.mtd), locale);
  const f = metrics[focus];
  const park = PARKS.find((p) => p.id === focus)!;
  return (
    <div className="map-focus" data-testid="map-focus">
      {/* English full names run to 41 characters: the card, like the map, names the park short. */}
      <div className="name" style={{ color: PARK_COLORS[focus] }}>{locale === 'en' ? park.shortEn : park.zh}</div>
      <div className="line"><span>{t('kpi.salesMtd')}</span><b className="num" data-testid="map-focus-sales">{formatInScale(f.sales.mtd, salesScale, 'cny')}</b></div>
      <div className="line"><span>{t('kpi.yoy')}</span><b className="num" data-testid="map-focus-yoy">{formatChangeOf(f.sales.mtd, f.sales.base.yoy.mtd, { locale, unit: 'cny' }).text}</b></div>
      <div className="line"><span>{t('kpi.exports')}</span><b className="num" data-testid="map-focus-exports">{formatInScale(f.exports.mtd, exportsScale, 'usd')}</b></div>
      <div className="line"><span>{t('kpi.netEstablished')}</span><b className="num">{money(f.netEstablished.mtd, 'count', 'yuan', locale)}</b></div>
    </div>
  );
}
