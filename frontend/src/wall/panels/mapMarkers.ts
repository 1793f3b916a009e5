// What the map's layers and the alert rings drawn over them both need to know about a park marker.
import type { ParkId } from '@torch/shared';

export interface ParkDatum {
  id: ParkId;
  position: [number, number];
  name: string;
  /** The figure in steps of 1/200 of the largest park's: all the marker size needs. */
  value: number;
  color: [number, number, number, number];
}

/** A marker's radius in CSS pixels, for a value against the largest park's; k is the rem scale. */
export function markerRadius(value: number, max: number, k: number): number {
  return k * (7 + 28 * Math.sqrt(value / Math.max(1, max)));
}
