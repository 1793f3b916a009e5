// Customs vocabulary: partner countries grouped into the regions the zone reports on, trade modes,
// ports. A country can belong to several groupings (Russia is BRICS and Belt and Road); each is
// assigned to exactly one region here, the first that applies in REGION_IDS order, so that trade
// by region sums to the total.
export const REGION_IDS = ['brics', 'rcep', 'eu', 'north-america', 'belt-road', 'other'] as const;
export type RegionId = (typeof REGION_IDS)[number];

export const REGIONS: Record<RegionId, { zh: string; en: string }> = {
  brics: { zh: '金砖国家', en: 'BRICS' },
  rcep: { zh: 'RCEP', en: 'RCEP' },
  eu: { zh: '欧盟', en: 'EU' },
  'north-america': { zh: '北美', en: 'North America' },
  'belt-road': { zh: '“一带一路”', en: 'Belt and Road' },
  other: { zh: '其他', en: 'Other' },
};

export interface Country {
  /** ISO 3166-1 alpha-2 */
  code: string;
  /** ISO 3166-1 numeric, as used by world-atlas (Natural Earth) */
  numeric: string;
  zh: string;
  en: string;
  region: RegionId;
  /** [longitude, latitude] of a representative point, for trade arcs */
  position: readonly [number, number];
}

export const COUNTRIES: readonly Country[] = [
  { code: 'BR', numeric: '076', zh: '巴西', en: 'Brazil', region: 'brics', position: [-47.9, -15.8] },
  { code: 'RU', numeric: '643', zh: '俄罗斯', en: 'Russia', region: 'brics', position: [37.6, 55.8] },
  { code: 'IN', numeric: '356', zh: '印度', en: 'India', region: 'brics', position: [77.2, 28.6] },
  { code: 'ZA', numeric: '710', zh: '南非', en: 'South Africa', region: 'brics', position: [28.2, -25.7] },
  { code: 'AE', numeric: '784', zh: '阿联酋', en: 'UAE', region: 'brics', position: [54.4, 24.5] },
  { code: 'JP', numeric: '392', zh: '日本', en: 'Japan', region: 'rcep', position: [139.7, 35.7] },
  { code: 'KR', numeric: '410', zh: '韩国', en: 'South Korea', region: 'rcep', position: [127.0, 37.6] },
  { code: 'SG', numeric: '702', zh: '新加坡', en: 'Singapore', region: 'rcep', position: [103.8, 1.35] },
  { code: 'VN', numeric: '704', zh: '越南', en: 'Vietnam', region: 'rcep', position: [105.8, 21.0] },
  { code: 'MY', numeric: '458', zh: '马来西亚', en: 'Malaysia', region: 'rcep', position: [101.7, 3.1] },
  { code: 'TH', numeric: '764', zh: '泰国', en: 'Thailand', region: 'rcep', position: [100.5, 13.8] },
  { code: 'AU', numeric: '036', zh: '澳大利亚', en: 'Australia', region: 'rcep', position: [149.1, -35.3] },
  { code: 'DE', numeric: '276', zh: '德国', en: 'Germany', region: 'eu', position: [13.4, 52.5] },
  { code: 'NL', numeric: '528', zh: '荷兰', en: 'Netherlands', region: 'eu', position: [4.9, 52.4] },
  { code: 'FR', numeric: '250', zh: '法国', en: 'France', region: 'eu', position: [2.35, 48.86] },
  { code: 'US', numeric: '840', zh: '美国', en: 'United States', region: 'north-america', position: [-77.0, 38.9] },
  { code: 'CA', numeric: '124', zh: '加拿大', en: 'Canada', region: 'north-america', position: [-75.7, 45.4] },
  { code: 'MX', numeric: '484', zh: '墨西哥', en: 'Mexico', region: 'north-america', position: [-99.1, 19.4] },
  { code: 'SA', numeric: '682', zh: '沙特阿拉伯', en: 'Saudi Arabia', region: 'belt-road', position: [46.7, 24.7] },
  { code: 'TR', numeric: '792', zh: '土耳其', en: 'Türkiye', region: 'belt-road', position: [32.9, 39.9] },
  { code: 'KZ', numeric: '398', zh: '哈萨克斯坦', en: 'Kazakhstan', region: 'belt-road', position: [71.4, 51.2] },
  { code: 'PK', numeric: '586', zh: '巴基斯坦', en: 'Pakistan', region: 'belt-road', position: [73.0, 33.7] },
  { code: 'GB', numeric: '826', zh: '英国', en: 'United Kingdom', region: 'other', position: [-0.13, 51.5] },
  { code: 'CH', numeric: '756', zh: '瑞士', en: 'Switzerland', region: 'other', position: [7.45, 46.95] },
];

export const COUNTRY_CODES = COUNTRIES.map((c) => c.code) as [string, ...string[]];
export const COUNTRIES_BY_CODE: Readonly<Record<string, Country>> = Object.fromEntries(COUNTRIES.map((c) => [c.code, c]));

export function regionOf(countryCode: string): RegionId {
  return COUNTRIES_BY_CODE[countryCode]?.region ?? 'other';
}

export const TRADE_MODES = ['general', 'processing', 'bonded', 'other'] as const;
export type TradeMode = (typeof TRADE_MODES)[number];
export const TRADE_MODE_NAMES: Record<TradeMode, { zh: string; en: string }> = {
  general: { zh: '一般贸易', en: 'General trade' },
  processing: { zh: '加工贸易', en: 'Processing trade' },
  bonded: { zh: '保税物流', en: 'Bonded logistics' },
  other: { zh: '其他', en: 'Other' },
};

export const PORTS = ['xiamen-seaport', 'gaoqi-airport', 'xiangan-airport-cargo', 'land-rail'] as const;
export type Port = (typeof PORTS)[number];
export const PORT_NAMES: Record<Port, { zh: string; en: string }> = {
  'xiamen-seaport': { zh: '厦门港', en: 'Port of Xiamen' },
  'gaoqi-airport': { zh: '高崎机场', en: 'Gaoqi Airport' },
  'xiangan-airport-cargo': { zh: '翔安机场货站', en: "Xiang'an Airport Cargo" },
  'land-rail': { zh: '中欧班列（厦门）', en: 'China–Europe Railway (Xiamen)' },
};
