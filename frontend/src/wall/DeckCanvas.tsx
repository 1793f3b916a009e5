// deck.gl for the wall: re-rendered only when its layers change. Any new prop (even an equal style
// object) makes deck.gl redraw, which costs a frame on a big wall; panels' text updates must not.
// The canvas's text sizes are written on its box (data-deck-text-px, CSS pixels), so the wall's
// legibility test can hold canvas text to the same minimum as the page's.
import { memo, useRef } from 'react';
import DeckGL from '@deck.gl/react';
import { TextLayer } from '@deck.gl/layers';
import type { LayersList, MapViewState } from '@deck.gl/core';
import { useMapTurn } from './mapGate.tsx';

const FILL = { position: 'absolute', inset: '0' } as const;

/** Pixel size of each TextLayer's text; NaN where it is not a fixed pixel size. */
function textSizes(layers: LayersList): string {
  return (layers as unknown[]).flat(Infinity)
    .filter((l): l is TextLayer => l instanceof TextLayer)
    .map((l) => (typeof l.props.getSize === 'number' && l.props.sizeUnits === 'pixels' ? Math.round(100 * l.props.getSize * l.props.sizeScale) / 100 : NaN))
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
    <div ref={box} style={FILL} data-testid="deck" data-drawn="false" data-deck-text-px={textSizes(layers)}>
      {mayDraw ? <DeckGL initialViewState={view} controller={false} layers={layers} style={FILL} onAfterRender={onAfterRender} /> : null}
    </div>
  );
});
