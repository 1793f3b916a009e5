// deck.gl for the wall: re-rendered only when its layers change. Any new prop (even an equal style
// object) makes deck.gl redraw, which costs a frame on a big wall; panels' text updates must not.
import { memo } from 'react';
import DeckGL from '@deck.gl/react';
import type { LayersList, MapViewState } from '@deck.gl/core';

const FILL = { position: 'absolute', inset: '0' } as const;

export const DeckCanvas = memo(function DeckCanvas({ layers, view }: { layers: LayersList; view: MapViewState }) {
  return <DeckGL initialViewState={view} controller={false} layers={layers} style={FILL} />;
});
