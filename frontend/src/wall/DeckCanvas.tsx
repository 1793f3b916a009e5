// deck.gl for the wall: re-rendered only when its layers change. Any new prop (even an equal style
// object) makes deck.gl redraw, which costs a frame on a big wall; panels' text updates must not.
// The canvases draw only what moves with the figures (markers, arcs): ground and names are SVG and
// HTML (GeoOutline, MapNames), so a wall without a GPU compiles two small shader programs, not six
// and a font atlas, before its maps are complete. The layer ids are written on the box
// (data-layers) so the browser tests can hold it to that.
import { memo, useRef } from 'react';
import DeckGL from '@deck.gl/react';
import type { Layer, LayersList, MapViewState } from '@deck.gl/core';
import { useMapTurn } from './mapGate.tsx';

const FILL = { position: 'absolute', inset: '0' } as const;

/** Each layer as `LayerName:id`, e.g. `ScatterplotLayer:parks`. */
function layerIds(layers: LayersList): string {
  return (layers as unknown[]).flat(Infinity)
    .filter((l): l is Layer => !!l && typeof l === 'object' && 'id' in l)
    .map((l) => `${(l.constructor as { layerName?: string }).layerName ?? '?'}:${l.id}`)
    .join(',');
}

/** Mounted when the map gate gives it its turn (mapGate.tsx); `data-drawn` once it has drawn. */
export const DeckCanvas = memo(function DeckCanvas({ layers, view }: { layers: LayersList; view: MapViewState }) {
  const { mayDraw, drawn } = useMapTurn();
  const box = useRef<HTMLDivElement>(null);
  const onAfterRender = () => {
    if (box.current?.dataset.drawn === 'true') return;
    if (box.current) box.current.dataset.drawn = 'true';
    drawn();
  };
  return (
    <div ref={box} style={FILL} data-testid="deck" data-drawn="false" data-layers={layerIds(layers)}>
      {mayDraw ? <DeckGL initialViewState={view} controller={false} layers={layers} style={FILL} onAfterRender={onAfterRender} /> : null}
    </div>
  );
});
