// deck.gl for the wall: re-rendered only when its layers change. Any new prop (even an equal style
// object) makes deck.gl redraw, which costs a frame on a big wall; panels' text updates must not.
// The canvas's text sizes are written on its box (data-deck-text-px, CSS pixels), so the wall's
// legibility test can hold canvas text to the same minimum as the page's.
import { memo } from 'react';
import DeckGL from '@deck.gl/react';
import { TextLayer } from '@deck.gl/layers';
import type { LayersList, MapViewState } from '@deck.gl/core';

const FILL = { position: 'absolute', inset: '0' } as const;

/** Pixel size of each TextLayer's text; NaN where it is not a fixed pixel size. */
function textSizes(layers: LayersList): string {
  return (layers as unknown[]).flat(Infinity)
    .filter((l): l is TextLayer => l instanceof TextLayer)
    .map((l) => (typeof l.props.getSize === 'number' && l.props.sizeUnits === 'pixels' ? Math.round(100 * l.props.getSize * l.props.sizeScale) / 100 : NaN))
    .join(',');
}

export const DeckCanvas = memo(function DeckCanvas({ layers, view }: { layers: LayersList; view: MapViewState }) {
  return (
    <div style={FILL} data-deck-text-px={textSizes(layers)}>
      <DeckGL initialViewState={view} controller={false} layers={layers} style={FILL} />
    </div>
  );
});
