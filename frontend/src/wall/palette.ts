// One colour per park and per chain, used by every panel, so a park looks the same on the map,
// the ranking and the focus card.
import type { ChainId, ParkId } from '@torch/shared';

export const PARK_COLORS: Record<ParkId, string> = {
  'torch-park': '#3ad0ff',
  'software-park-2': '#8b7bff',
  'software-park-3': '#d08bff',
  'innovation-park': '#ffd166',
  'hubian-park': '#06d6a0',
  'xiangan-industrial': '#ff8c42',
  'tongxiang-city': '#ef476f',
};

export const CHAIN_COLORS: Record<ChainId, string> = {
  display: '#3ad0ff',
  ic: '#8b7bff',
  'new-energy': '#06d6a0',
  software: '#ffd166',
  'computer-comm': '#ff8c42',
  'new-materials': '#ef476f',
  other: '#7f8ea3',
};

export function rgb(hex: string, alpha = 255): [number, number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}
