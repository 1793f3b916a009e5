// deck.gl for the wall: re-rendered only when its layers change. Any new prop (even an equal style
// object) makes deck.gl redraw, which costs a frame on a big wall; panels' text updates must not.
import { memo, useRef } from 'react';
import DeckGL from '@deck.gl/react';
import type { LayersList, MapViewState } from '@deck.gl/core';
import { useMapTurn } from './mapGate.tsx';

const FILL = { position: 'absolute', inset: '0' } as const;

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
    <div ref={box} style={FILL} data-testid="deck" data-drawn="false">
      {mayDraw ? <DeckGL initialViewState={view} controller={false} layers={layers} style={FILL} onAfterRender={onAfterRender} /> : null}
    </div>
  );
});
