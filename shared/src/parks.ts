// The sub-parks of "one zone, many parks" (一区多园). Positions are approximate (DESIGN.md §3) and
// in GCJ-02, the datum of the district outline the wall draws (frontend/src/geo, see its NOTICE);
// tests/geo checks that each lies inside its district's polygon. Torch Park sits 350 m north of the
// brief's point, which falls just across the Siming border.
import type { ChainId } from './chains.ts';

export const PARK_IDS = [
  'torch-park',
  'software-park-2',
  'software-park-3',
  'innovation-park',
  'hubian-park',
  'xiangan-industrial',
  'tongxiang-city',
] as const;
export type ParkId = (typeof PARK_IDS)[number];

export const DISTRICTS = {
  siming: { zh: '思明区', en: 'Siming', divisionCode: '350203' },
  haicang: { zh: '海沧区', en: 'Haicang', divisionCode: '350205' },
  huli: { zh: '湖里区', en: 'Huli', divisionCode: '350206' },
  jimei: { zh: '集美区', en: 'Jimei', divisionCode: '350211' },
  tongan: { zh: '同安区', en: "Tong'an", divisionCode: '350212' },
  xiangan: { zh: '翔安区', en: "Xiang'an", divisionCode: '350213' },
} as const;
export type DistrictId = keyof typeof DISTRICTS;

export interface Park {
  id: ParkId;
  zh: string;
  en: string;
  /** Short label for dense screens. */
  shortZh: string;
  shortEn: string;
  district: DistrictId;
  /** [longitude, latitude] */
  position: readonly [number, number];
  /** Share of each industry chain in the park's invoiced sales; sums to 1. */
  industryMix: Readonly<Partial<Record<ChainId, number>>>;
}

export const PARKS: readonly Park[] = [
  {
    id: 'torch-park', zh: '火炬园', en: 'Torch Park', shortZh: '火炬园', shortEn: 'Torch Park',
    district: 'huli', position: [118.185, 24.5],
    industryMix: { 'computer-comm': 0.45, display: 0.15, software: 0.1, 'new-materials': 0.1, other: 0.2 },
  },
  {
    id: 'software-park-2', zh: '软件园二期', en: 'Software Park Phase II', shortZh: '软件园二期', shortEn: 'Software Park II',
    district: 'siming', position: [118.186, 24.487],
    industryMix: { software: 0.8, 'computer-comm': 0.1, other: 0.1 },
  },
  {
    id: 'software-park-3', zh: '软件园三期', en: 'Software Park Phase III', shortZh: '软件园三期', shortEn: 'Software Park III',
    district: 'jimei', position: [118.06, 24.628],
    industryMix: { software: 0.7, ic: 0.1, 'computer-comm': 0.1, other: 0.1 },
  },
  {
    id: 'innovation-park', zh: '厦门创新创业园', en: 'Xiamen Innovation & Entrepreneurship Park', shortZh: '创新创业园', shortEn: 'Innovation Park',
    district: 'huli', position: [118.195, 24.523],
    industryMix: { software: 0.35, ic: 0.2, 'new-materials': 0.15, 'computer-comm': 0.1, other: 0.2 },
  },
  {
    id: 'hubian-park', zh: '湖边水库东科创园', en: 'Hubian Reservoir East Sci-Tech Park', shortZh: '湖边科创园', shortEn: 'Hubian Park',
    district: 'huli', position: [118.162, 24.518],
    industryMix: { software: 0.4, ic: 0.2, 'new-materials': 0.2, other: 0.2 },
  },
  {
    id: 'xiangan-industrial', zh: '火炬（翔安）产业区', en: "Torch (Xiang'an) Industrial Zone", shortZh: '翔安产业区', shortEn: "Xiang'an Industrial",
    district: 'xiangan', position: [118.262, 24.617],
    industryMix: { display: 0.4, 'new-energy': 0.25, ic: 0.15, 'computer-comm': 0.1, 'new-materials': 0.1 },
  },
  {
    id: 'tongxiang-city', zh: '同翔高新城', en: 'Tongxiang High-tech City', shortZh: '同翔高新城', shortEn: 'Tongxiang City',
    district: 'tongan', position: [118.215, 24.7],
    industryMix: { 'new-energy': 0.5, 'new-materials': 0.2, display: 0.1, 'computer-comm': 0.1, other: 0.1 },
  },
];

export const PARKS_BY_ID: Readonly<Record<ParkId, Park>> = Object.fromEntries(PARKS.map((p) => [p.id, p])) as Record<ParkId, Park>;
